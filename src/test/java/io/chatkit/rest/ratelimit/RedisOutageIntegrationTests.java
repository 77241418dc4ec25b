package io.chatkit.rest.ratelimit;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import io.chatkit.rest.session.ReplyFinished;
import io.chatkit.rest.support.ApiClient.Response;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.TcpProxy;
import io.chatkit.rest.support.TestRedis;
import io.chatkit.rest.support.RunningService;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RedisOutageIntegrationTests {

	private static final String SESSIONS = "/api/v1/chatkit/sessions";

	private static final String DEGRADED = "chatkit_rate_limit_degraded{application=\"chatkit-rest\"} ";

	@Test
	void requestsKeepBeingAnsweredWithPerReplicaLimitsWhileRedisIsCutOffAndSharedLimitsResume() throws Exception {
		String prefix = "test:" + UUID.randomUUID() + ":";
		try (TcpProxy relay = redisProxy();
				RunningService service = RunningService.limited(redisUrl(relay), prefix, 5)) {
			String token = JwtTokens.newUser();
			for (int i = 0; i < 3; i++) {
				assertThat(service.api().get(SESSIONS, token).status()).isEqualTo(200);
			}
			assertThat(service.metrics()).contains(DEGRADED + "0.0");
			relay.partition();
			for (int i = 1; i <= 5; i++) {
				Response response = timed(service, token);
				assertThat(response.status()).as("request %d while cut off", i).isEqualTo(200);
				assertThat(response.header("RateLimit-Limit")).isEqualTo("5");
			}
			Response refused = timed(service, token);
			assertThat(refused.status()).isEqualTo(429);
			assertThat(refused.errorCode()).isEqualTo("rate_limited");
			assertThat(service.metrics()).contains(DEGRADED + "1.0");
			relay.restore();
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(service.metrics()).contains(DEGRADED + "0.0"));
			Response shared = service.api().get(SESSIONS, token);
			assertThat(shared.status()).isEqualTo(200);
			assertThat(Long.parseLong(shared.header("RateLimit-Remaining"))).isLessThanOrEqualTo(2);
		}
	}

	@Test
	void theServiceStartsWhileRedisIsUnreachableAndSharesLimitsOnceItAnswers() throws Exception {
		String prefix = "test:" + UUID.randomUUID() + ":";
		try (TcpProxy relay = redisProxy()) {
			relay.partition();
			try (RunningService service = RunningService.limited(redisUrl(relay), prefix, 5)) {
				assertThat(service.metrics()).contains(DEGRADED + "1.0");
				assertThat(timed(service, JwtTokens.newUser()).status()).isEqualTo(200);
				relay.restore();
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(service.metrics()).contains(DEGRADED + "0.0"));
				assertThat(service.api().get(SESSIONS, JwtTokens.newUser()).status()).isEqualTo(200);
			}
		}
	}

	@Test
	void theCostOfRepliesFinishedWhileRedisIsCutOffIsCountedOnceItAnswers() throws Exception {
		String prefix = "test:" + UUID.randomUUID() + ":";
		String user = "spender-" + UUID.randomUUID();
		String key = prefix + "budget:" + LocalDate.now(ZoneOffset.UTC) + ":user:" + user;
		try (TcpProxy relay = redisProxy();
				RunningService service = RunningService.limited(redisUrl(relay), prefix, 5);
				RedisClient client = RedisClient.create(TestRedis.url());
				StatefulRedisConnection<String, String> redis = client.connect()) {
			assertThat(service.api().get(SESSIONS, JwtTokens.forUser(user)).status()).isEqualTo(200);
			relay.partition();
			service.publish(new ReplyFinished(user, UUID.randomUUID(), UUID.randomUUID(), "test/model", "complete",
					new BigDecimal("0.25"), 10, 20));
			assertThat(redis.sync().get(key)).isNull();
			relay.restore();
			await().atMost(Duration.ofSeconds(40))
				.untilAsserted(() -> assertThat(redis.sync().get(key)).isEqualTo("0.25"));
		}
	}

	private static Response timed(RunningService service, String token) {
		long start = System.nanoTime();
		Response response = service.api().get(SESSIONS, token);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
		return response;
	}

	private static TcpProxy redisProxy() throws java.io.IOException {
		java.net.URI uri = java.net.URI.create(TestRedis.url());
		return new TcpProxy(uri.getHost(), (uri.getPort() != -1) ? uri.getPort() : 6379);
	}

	private static String redisUrl(TcpProxy proxy) {
		// the same database as TestRedis.url(), which the test reads back
		return "redis://127.0.0.1:" + proxy.port() + java.net.URI.create(TestRedis.url()).getPath();
	}

}
