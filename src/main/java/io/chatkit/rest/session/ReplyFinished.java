package io.chatkit.rest.session;

import java.math.BigDecimal;
import java.util.UUID;

import io.chatkit.rest.llm.UpstreamRoute;
import org.jspecify.annotations.Nullable;

/**
 * Published once a reply's outcome is stored, for budgets and metrics.
 *
 * @param userId the sender of the message
 * @param sessionId the session
 * @param assistantMessageId the stored assistant message
 * @param model the model that answered, else the one asked
 * @param status how far the reply got
 * @param costUsd cost over all rounds in US dollars, {@code null} when unknown
 * @param promptTokens prompt tokens over all rounds, {@code null} when unknown
 * @param completionTokens completion tokens over all rounds, {@code null} when unknown
 * @param upstream the upstream of the last round
 */
public record ReplyFinished(String userId, UUID sessionId, UUID assistantMessageId, String model, MessageStatus status,
		@Nullable BigDecimal costUsd, @Nullable Integer promptTokens, @Nullable Integer completionTokens,
		UpstreamRoute upstream) {

	public ReplyFinished(String userId, UUID sessionId, UUID assistantMessageId, String model, MessageStatus status,
			@Nullable BigDecimal costUsd, @Nullable Integer promptTokens, @Nullable Integer completionTokens) {
		this(userId, sessionId, assistantMessageId, model, status, costUsd, promptTokens, completionTokens,
				UpstreamRoute.PRIMARY);
	}

}
