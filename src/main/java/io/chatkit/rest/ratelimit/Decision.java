package io.chatkit.rest.ratelimit;

import java.util.concurrent.TimeUnit;

import io.github.bucket4j.ConsumptionProbe;

/**
 * The outcome of taking one token from a client's bucket, in the units the
 * {@code RateLimit-*} headers speak.
 *
 * @param allowed whether the request may go on
 * @param limit the bucket's capacity per minute
 * @param remaining tokens left after this request
 * @param resetSeconds whole seconds until the bucket is full again
 * @param retryAfterSeconds whole seconds until one token is back, at least 1
 */
record Decision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {

	static Decision of(long limit, ConsumptionProbe probe) {
		long remaining = Math.max(0, probe.getRemainingTokens());
		return new Decision(probe.isConsumed(), limit, remaining, seconds(probe.getNanosToWaitForReset()),
				Math.max(1, seconds(probe.getNanosToWaitForRefill())));
	}

	/**
	 * A decision for a bucket just moved to a new capacity, where Bucket4j gave no
	 * timings: the greedy refill is linear, so they follow from the tokens missing.
	 * @param allowed whether the request may go on
	 * @param limit the new capacity per minute
	 * @param remaining tokens left
	 * @return the decision
	 */
	static Decision afterResize(boolean allowed, long limit, long remaining) {
		long nanosPerToken = TimeUnit.MINUTES.toNanos(1) / limit;
		return new Decision(allowed, limit, remaining, seconds((limit - remaining) * nanosPerToken),
				Math.max(1, seconds((remaining > 0) ? 0 : nanosPerToken)));
	}

	private static long seconds(long nanos) {
		return (nanos <= 0) ? 0 : (nanos + 999_999_999L) / 1_000_000_000L;
	}

}
