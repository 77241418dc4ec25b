package io.chatkit.rest.session;

import java.util.concurrent.atomic.AtomicInteger;

import io.chatkit.rest.web.ApiException;
import io.chatkit.rest.web.ErrorCode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Counts the reply streams open on this instance and refuses new ones beyond the cap.
 */
@Component
class OpenStreams {

	private final AtomicInteger open = new AtomicInteger();

	private final int max;

	OpenStreams(StreamsProperties properties, MeterRegistry registry) {
		this.max = properties.max();
		Gauge.builder("chatkit.streams.active", this.open, AtomicInteger::get)
			.description("Reply streams open now")
			.register(registry);
	}

	/**
	 * Takes a slot; every successful call must be paired with {@link #release()}.
	 */
	void acquire() {
		if (this.open.incrementAndGet() > this.max) {
			this.open.decrementAndGet();
			throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "Too many open reply streams; try again shortly");
		}
	}

	void release() {
		this.open.decrementAndGet();
	}

}
