package io.chatkit.rest.observability;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.ApiClient.Response;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.ServiceIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A 500 reaches Sentry with environment and release and without credentials; a 4xx does
 * not.
 */
@ServiceIntegrationTest
@Import(SentryIntegrationTests.FailingEndpoint.class)
class SentryIntegrationTests {

	private static final FakeSentryIngest ingest = start();

	@LocalServerPort
	int port;

	private static FakeSentryIngest start() {
		try {
			return new FakeSentryIngest();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@DynamicPropertySource
	static void sentry(DynamicPropertyRegistry registry) {
		registry.add("sentry.dsn", ingest::dsn);
		registry.add("sentry.environment", () -> "sentry-test");
		registry.add("sentry.release", () -> "chatkit-rest@test-release");
	}

	@AfterAll
	static void stop() {
		ingest.close();
	}

	@Test
	void anUnhandledExceptionIsReportedWithEnvironmentAndReleaseButNoCredentials() {
		String token = JwtTokens.newUser();
		String marker = UUID.randomUUID().toString();
		Response response = new ApiClient(this.port).send("GET", "/api/v1/chatkit/test-failure?m=" + marker, token,
				null, Map.of("Cookie", "session=cookie-secret"));
		assertThat(response.status()).isEqualTo(500);
		assertThat(response.errorCode()).isEqualTo("internal_error");
		assertThat(response.body()).doesNotContain("IllegalStateException").doesNotContain("boom");
		await().atMost(Duration.ofSeconds(15))
			.until(() -> ingest.envelopes().stream().anyMatch((e) -> e.contains("boom-" + "for-sentry")));
		String envelope = ingest.envelopes()
			.stream()
			.filter((e) -> e.contains("boom-for-sentry"))
			.findFirst()
			.orElseThrow();
		assertThat(envelope).contains("\"environment\":\"sentry-test\"")
			.contains("\"release\":\"chatkit-rest@test-release\"")
			.doesNotContain(token)
			.doesNotContain("cookie-secret")
			.doesNotContainIgnoringCase("\"authorization\"")
			.doesNotContain(marker);
	}

	@Test
	void aClientErrorIsNotReported() throws InterruptedException {
		int before = ingest.envelopes().size();
		String missing = "/api/v1/chatkit/sessions/" + UUID.randomUUID();
		Response response = new ApiClient(this.port).get(missing, JwtTokens.newUser());
		assertThat(response.status()).isEqualTo(404);
		Response unauthorized = new ApiClient(this.port).get("/api/v1/chatkit/sessions", null);
		assertThat(unauthorized.status()).isEqualTo(401);
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(3))
			.until(() -> ingest.envelopes().stream().skip(before).noneMatch((e) -> e.contains("\"type\":\"event\"")));
	}

	@TestConfiguration(proxyBeanMethods = false)
	@RestController
	static class FailingEndpoint {

		@GetMapping("/api/v1/chatkit/test-failure")
		String fail() {
			throw new IllegalStateException("boom-for-sentry");
		}

	}

}
