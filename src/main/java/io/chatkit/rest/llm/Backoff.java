package io.chatkit.rest.llm;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * When to retry a request that failed before its stream began: exponential backoff with
 * jitter, stretched to a short {@code Retry-After} and abandoned for a long one.
 */
final class Backoff {

	private final LlmProperties.Retry retry;

	Backoff(LlmProperties.Retry retry) {
		this.retry = retry;
	}

	static boolean retryable(int status) {
		return status == 429 || status == 502 || status == 503 || status == 529;
	}

	/**
	 * The pause before the next attempt.
	 * @param attempt attempts made so far, minus one
	 * @param retryAfter the {@code Retry-After} header, or {@code null}
	 * @return the pause, or {@code null} to give up
	 */
	@Nullable Duration pause(int attempt, @Nullable String retryAfter) {
		if (attempt >= this.retry.maxRetries()) {
			return null;
		}
		long base = this.retry.initialBackoff().toMillis() << attempt;
		long millis = base + ThreadLocalRandom.current().nextLong(base / 4 + 1);
		Duration asked = seconds(retryAfter);
		if (asked != null) {
			if (asked.compareTo(this.retry.maxRetryAfter()) > 0) {
				return null;
			}
			millis = Math.max(millis, asked.toMillis());
		}
		return Duration.ofMillis(millis);
	}

	private static @Nullable Duration seconds(@Nullable String retryAfter) {
		if (retryAfter == null) {
			return null;
		}
		try {
			return Duration.ofSeconds(Math.max(0, Long.parseLong(retryAfter.strip())));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
