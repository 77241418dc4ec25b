package io.chatkit.rest.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.chatkit.rest.web.ApiException;
import io.chatkit.rest.web.ErrorCode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Counts the replies running on this instance, in all and per user, and refuses new ones
 * beyond either cap: one user may hold {@code chatkit.streams.max-per-user} of them, so
 * the instance-wide cap is shared fairly. The per-user counts are exact (a user's entry
 * goes when their last reply ends), which an evicting cache could not promise.
 */
@Component
class OpenStreams {

	private final AtomicInteger open = new AtomicInteger();

	private final Map<String, Integer> perUser = new ConcurrentHashMap<>();

	private final int max;

	private final int maxPerUser;

	OpenStreams(StreamsProperties properties, MeterRegistry registry) {
		this.max = properties.max();
		this.maxPerUser = properties.maxPerUser();
		Gauge.builder("chatkit.streams.active", this.open, AtomicInteger::get)
			.description("Reply streams open now")
			.register(registry);
	}

	/**
	 * Takes a slot for a user; every successful call must be paired with
	 * {@link #release(String)}.
	 * @param userId the user the reply is for
	 */
	void acquire(String userId) {
		boolean[] taken = { false };
		this.perUser.compute(userId, (user, count) -> {
			int held = (count != null) ? count : 0;
			if (held >= this.maxPerUser) {
				return count;
			}
			taken[0] = true;
			return held + 1;
		});
		if (!taken[0]) {
			HttpHeaders retrySoon = new HttpHeaders();
			retrySoon.set(HttpHeaders.RETRY_AFTER, "1");
			throw new ApiException(ErrorCode.TOO_MANY_STREAMS,
					"You already have " + this.maxPerUser + " replies running; wait for one to finish", retrySoon);
		}
		if (this.open.incrementAndGet() > this.max) {
			this.open.decrementAndGet();
			releaseUser(userId);
			throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "Too many open reply streams; try again shortly");
		}
	}

	void release(String userId) {
		this.open.decrementAndGet();
		releaseUser(userId);
	}

	/**
	 * Takes an instance-wide slot only: a client re-attaching to a reply that already
	 * holds its user's slot.
	 */
	void acquire() {
		if (this.open.incrementAndGet() > this.max) {
			this.open.decrementAndGet();
			throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "Too many open reply streams; try again shortly");
		}
	}

	/**
	 * Gives back an instance-wide slot taken by {@link #acquire()} or
	 * {@link #acquire(String)}, keeping the user's slot.
	 */
	void release() {
		this.open.decrementAndGet();
	}

	/**
	 * Gives back a user's slot once the reply it was taken for stopped running.
	 */
	void releaseUser(String userId) {
		this.perUser.computeIfPresent(userId, (user, count) -> (count > 1) ? count - 1 : null);
	}

}
