package io.chatkit.rest.ratelimit;

import java.util.Map;

import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.ApiClient.Response;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.ServiceIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@ServiceIntegrationTest
@TestPropertySource(properties = "chatkit.rate-limit.requests-per-minute=30")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class RateLimitIntegrationTests {

	private static final String SESSIONS = "/api/v1/chatkit/sessions";

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	RedisLink redis;

	ApiClient api;

	@BeforeEach
	void setUp() {
		this.api = new ApiClient(this.port);
		assertThat(this.redis.degraded()).isFalse();
	}

	@Test
	void theThirtyFirstRequestInAMinuteIsRefusedWithRateLimitHeaders() {
		String token = JwtTokens.newUser();
		for (int i = 1; i <= 30; i++) {
			Response response = this.api.get(SESSIONS, token);
			assertThat(response.status()).as("request %d", i).isEqualTo(200);
			assertThat(response.header("RateLimit-Limit")).isEqualTo("30");
			assertThat(response.header("RateLimit-Remaining")).isEqualTo(Integer.toString(30 - i));
			assertThat(Long.parseLong(response.header("RateLimit-Reset"))).isBetween(1L, 60L);
			assertThat(response.header("Retry-After")).isNull();
		}
		Response refused = this.api.get(SESSIONS, token);
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.errorCode()).isEqualTo("rate_limited");
		assertThat(refused.json().path("success").asBoolean()).isFalse();
		assertThat(refused.json().path("error").path("request_id").asString())
			.isEqualTo(refused.header("X-Request-Id"));
		assertThat(refused.header("RateLimit-Limit")).isEqualTo("30");
		assertThat(refused.header("RateLimit-Remaining")).isEqualTo("0");
		assertThat(Long.parseLong(refused.header("RateLimit-Reset"))).isBetween(1L, 60L);
		assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 2L);
		assertThat(scrape())
			.contains("chatkit_rate_limit_rejections_total{application=\"chatkit-rest\",reason=\"rate_limited\"} 1.0");
	}

	@Test
	void requestsWithBadOrMissingTokensCountToo() {
		for (int i = 0; i < 10; i++) {
			assertThat(this.api.get(SESSIONS, null).status()).isEqualTo(401);
			assertThat(this.api.get(SESSIONS, "not-a-jwt").status()).isEqualTo(401);
			assertThat(this.api.get(SESSIONS, JwtTokens.expired("mallory")).status()).isEqualTo(401);
		}
		Response refused = this.api.get(SESSIONS, JwtTokens.newUser());
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.errorCode()).isEqualTo("rate_limited");
	}

	@Test
	void healthAndCorsPreflightsAreNotCounted() {
		for (int i = 0; i < 40; i++) {
			Response health = this.api.get("/health", null);
			assertThat(health.status()).isEqualTo(200);
			assertThat(health.header("RateLimit-Limit")).isNull();
			this.api.send("OPTIONS", SESSIONS, null, null,
					Map.of("Origin", "https://app.example", "Access-Control-Request-Method", "POST"));
		}
		Response response = this.api.get(SESSIONS, JwtTokens.newUser());
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("RateLimit-Remaining")).isEqualTo("29");
	}

	@Test
	void aSpoofedForwardedForFromAnUntrustedPeerDoesNotChangeTheKey() {
		String token = JwtTokens.newUser();
		for (int i = 0; i < 30; i++) {
			Response response = this.api.send("GET", SESSIONS, token, null, Map.of("X-Forwarded-For", "10.0.0." + i));
			assertThat(response.status()).isEqualTo(200);
		}
		Response refused = this.api.send("GET", SESSIONS, token, null, Map.of("X-Forwarded-For", "10.9.9.9"));
		assertThat(refused.status()).isEqualTo(429);
	}

	@Test
	void metricsExposeTheLimitInForceAndBothRejectionReasons() {
		String metrics = scrape();
		assertThat(metrics).contains("chatkit_rate_limit_requests_per_minute{application=\"chatkit-rest\"} 30.0")
			.contains("chatkit_rate_limit_degraded{application=\"chatkit-rest\"} 0.0")
			.contains(
					"chatkit_rate_limit_rejections_total{application=\"chatkit-rest\",reason=\"budget_exceeded\"} 0.0")
			.contains("chatkit_rate_limit_rejections_total{application=\"chatkit-rest\",reason=\"rate_limited\"} 0.0")
			.contains("chatkit_budget_limit_usd{application=\"chatkit-rest\"} 10.0")
			.contains("chatkit_budget_spent_usd{application=\"chatkit-rest\"}");
	}

	private String scrape() {
		return new ApiClient(this.managementPort).get("/actuator/prometheus", null).body();
	}

}
