package io.chatkit.rest.session;

import java.time.Duration;

import io.chatkit.rest.web.ApiException;
import io.chatkit.rest.web.ErrorCode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class OpenStreamsTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final OpenStreams streams = new OpenStreams(
			new StreamsProperties(2, Duration.ofSeconds(15), Duration.ZERO, Duration.ofMinutes(10)), this.registry);

	@Test
	void streamsBeyondTheCapAreRefusedAsServiceUnavailableUntilOneCloses() {
		this.streams.acquire();
		this.streams.acquire();
		assertThatExceptionOfType(ApiException.class).isThrownBy(this.streams::acquire)
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
		assertThat(this.registry.get("chatkit.streams.active").gauge().value()).isEqualTo(2);
		this.streams.release();
		this.streams.acquire();
		assertThat(this.registry.get("chatkit.streams.active").gauge().value()).isEqualTo(2);
	}

}
