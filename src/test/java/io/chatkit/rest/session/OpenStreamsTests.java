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
			new StreamsProperties(3, Duration.ofSeconds(15), 2, Duration.ZERO, Duration.ofMinutes(10)), this.registry);

	@Test
	void streamsBeyondTheCapAreRefusedAsServiceUnavailableUntilOneCloses() {
		this.streams.acquire("a");
		this.streams.acquire("b");
		this.streams.acquire("c");
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.streams.acquire("d"))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
		assertThat(this.registry.get("chatkit.streams.active").gauge().value()).isEqualTo(3);
		this.streams.release("b");
		this.streams.acquire("d");
		assertThat(this.registry.get("chatkit.streams.active").gauge().value()).isEqualTo(3);
	}

	@Test
	void oneUserBeyondTheirShareIsToldToRetryInASecondWhileOthersGoOn() {
		this.streams.acquire("greedy");
		this.streams.acquire("greedy");
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.streams.acquire("greedy"))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.TOO_MANY_STREAMS))
			.satisfies((ex) -> assertThat(ex.headers().getFirst("Retry-After")).isEqualTo("1"));
		this.streams.acquire("modest");
		assertThat(this.registry.get("chatkit.streams.active").gauge().value()).isEqualTo(3);
		this.streams.release("greedy");
		this.streams.acquire("greedy");
	}

	@Test
	void aUserRefusedByTheInstanceCapKeepsTheirShare() {
		this.streams.acquire("a");
		this.streams.acquire("b");
		this.streams.acquire("c");
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.streams.acquire("a"))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
		this.streams.release("b");
		this.streams.release("c");
		this.streams.acquire("a");
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.streams.acquire("a"))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.TOO_MANY_STREAMS));
	}

}
