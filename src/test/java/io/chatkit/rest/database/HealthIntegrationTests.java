package io.chatkit.rest.database;

import java.net.URI;

import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.ApiClient.Response;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.RunningService;
import io.chatkit.rest.support.TcpProxy;
import io.chatkit.rest.support.TestPostgres;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With PostgreSQL out of reach, {@code /health} and the API answer 503 quickly, and
 * recover by themselves when it is back.
 */
class HealthIntegrationTests {

	@Test
	void healthAndApiAnswer503WhilePostgresIsUnreachableAndRecoverAfterwards() throws Exception {
		TestPostgres.Server postgres = TestPostgres.get();
		URI uri = URI.create(postgres.jdbcUrl().substring("jdbc:".length()));
		try (TcpProxy proxy = new TcpProxy(uri.getHost(), uri.getPort());
				RunningService app = RunningService.with()
					.set("spring.datasource.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + uri.getPath())
					.set("spring.datasource.hikari.connection-timeout", 1000)
					.start()) {
			ApiClient api = app.api();
			ApiClient management = app.management();
			String token = JwtTokens.newUser();
			assertThat(api.get("/health", null).status()).isEqualTo(200);
			assertThat(management.get("/actuator/health/readiness", null).status()).isEqualTo(200);

			proxy.cut();
			long started = System.nanoTime();
			Response health = api.get("/health", null);
			Response list = api.get("/api/v1/chatkit/sessions", token);
			assertThat(health.status()).isEqualTo(503);
			assertThat(health.json().path("status").asString()).isEqualTo("unhealthy");
			assertThat(list.status()).isEqualTo(503);
			assertThat(list.errorCode()).isEqualTo("service_unavailable");
			assertThat(System.nanoTime() - started).isLessThan(10_000_000_000L);
			assertThat(management.get("/actuator/health/readiness", null).status()).isEqualTo(503);
			assertThat(management.get("/actuator/health/liveness", null).status()).isEqualTo(200);

			proxy.restore();
			await().atMost(java.time.Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(api.get("/api/v1/chatkit/sessions", token).status()).isEqualTo(200));
			assertThat(api.get("/health", null).status()).isEqualTo(200);
			await().atMost(java.time.Duration.ofSeconds(20))
				.untilAsserted(
						() -> assertThat(management.get("/actuator/health/readiness", null).status()).isEqualTo(200));
		}
	}

}
