package io.chatkit.rest.llm;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * Tokens and cost of upstream calls; {@code null} parts are unknown.
 *
 * @param promptTokens prompt tokens
 * @param completionTokens completion tokens
 * @param costUsd cost in US dollars
 */
public record LlmUsage(@Nullable Integer promptTokens, @Nullable Integer completionTokens,
		@Nullable BigDecimal costUsd) {

	public static final LlmUsage UNKNOWN = new LlmUsage(null, null, null);

	/**
	 * Adds another call's usage; a part stays unknown only when both are unknown.
	 * @param other usage of another call
	 * @return the sum
	 */
	public LlmUsage plus(LlmUsage other) {
		return new LlmUsage(sum(this.promptTokens, other.promptTokens),
				sum(this.completionTokens, other.completionTokens), (this.costUsd == null) ? other.costUsd
						: (other.costUsd == null) ? this.costUsd : this.costUsd.add(other.costUsd));
	}

	private static @Nullable Integer sum(@Nullable Integer a, @Nullable Integer b) {
		return (a == null) ? b : (b == null) ? a : Integer.valueOf(a + b);
	}

}
