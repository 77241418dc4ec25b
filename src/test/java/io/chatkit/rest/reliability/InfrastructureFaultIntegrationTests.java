package io.chatkit.rest.reliability;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import io.chatkit.rest.llm.FakeOpenRouter;
import io.chatkit.rest.llm.FakeOpenRouter.Reply;
import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.ApiClient.Response;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.TcpProxy;
import io.chatkit.rest.support.TestPostgres;
import io.chatkit.rest.support.TestRedis;
import io.chatkit.rest.support.RunningService;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis and PostgreSQL made unreachable mid-traffic through a relay the test cuts (the
 * shared servers keep running), and brought back: the service answers as specified while
 * they are gone and recovers without a restart.
 */
class InfrastructureFaultIntegrationTests {

	static final FakeOpenRouter fake = FakeOpenRouter.start();

	@AfterAll
	static void stopFake() {
		fake.close();
	}

	@Test
	void withRedisGoneLimitsDegradeToThisReplicaWithoutErrorsAndRecover() throws Exception {
		URI redis = URI.create(TestRedis.url());
		try (TcpProxy proxy = new TcpProxy(redis.getHost(), (redis.getPort() != -1) ? redis.getPort() : 6379);
				RunningService service = RunningService.with()
					.set("chatkit.llm.base-url", fake.baseUrl())
					.set("chatkit.rate-limit.redis-url", "redis://127.0.0.1:" + proxy.port())
					.start()) {
			ApiClient api = new ApiClient(service.port());
			String token = JwtTokens.newUser();
			MeterRegistry meters = service.bean(MeterRegistry.class);
			assertThat(api.get(ChatClient.SESSIONS, token).status()).isEqualTo(200);
			assertThat(degraded(meters)).isZero();
			proxy.cut();
			ReliabilityProfile.Latencies latencies = new ReliabilityProfile.Latencies();
			for (int i = 0; i < 30; i++) {
				long started = System.nanoTime();
				Response response = api.post(ChatClient.SESSIONS, token, null);
				latencies.add(System.nanoTime() - started);
				assertThat(response.status()).as(response.body()).isEqualTo(200);
				assertThat(response.header("RateLimit-Limit")).isNotNull();
			}
			await().atMost(Duration.ofSeconds(5)).until(() -> degraded(meters) == 1);
			assertThat(latencies.maxMillis()).isLessThan(1000);
			proxy.restore();
			long restored = System.nanoTime();
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
				api.get(ChatClient.SESSIONS, token);
				return degraded(meters) == 0;
			});
			ReliabilityProfile.report("redis outage",
					"30 requests while cut: all 200, " + latencies.summary() + "; shared limiting back "
							+ (System.nanoTime() - restored) / 1_000_000 + "ms after Redis returned");
		}
	}

	@Test
	void withPostgresGoneRequestsGetServiceUnavailableReadinessFallsAndNothingIsHalfWritten() throws Exception {
		TestPostgres.Server db = TestPostgres.get();
		URI jdbc = URI.create(db.jdbcUrl().substring("jdbc:".length()));
		try (TcpProxy proxy = new TcpProxy(jdbc.getHost(), (jdbc.getPort() != -1) ? jdbc.getPort() : 5432);
				RunningService service = RunningService.with()
					.set("chatkit.llm.base-url", fake.baseUrl())
					.set("spring.datasource.url",
							"jdbc:postgresql://127.0.0.1:" + proxy.port() + jdbc.getPath()
									+ ((jdbc.getQuery() != null) ? "?" + jdbc.getQuery() : ""))
					.set("spring.datasource.hikari.connection-timeout", "1500")
					.start()) {
			fake.fallback((request) -> Reply.text("steady ", "reply").delayEachChunk(Duration.ofMillis(100)));
			ChatClient client = new ChatClient(service.port());
			ApiClient management = new ApiClient(service.managementPort());
			AtomicBoolean running = new AtomicBoolean(true);
			ConcurrentLinkedQueue<Response> answers = new ConcurrentLinkedQueue<>();
			List<String> sessions = new ArrayList<>();
			String token = JwtTokens.newUser();
			for (int i = 0; i < 8; i++) {
				sessions.add(client.createSession(token));
			}
			try (ExecutorService traffic = Executors.newVirtualThreadPerTaskExecutor()) {
				for (String session : sessions) {
					traffic.submit(() -> {
						while (running.get()) {
							answers.add(client.send(token, session, "Still there?"));
							answers.add(client.api().get(ChatClient.SESSIONS + "/" + session, token));
						}
					});
				}
				Thread.sleep(1000);
				proxy.cut();
				long cutAt = System.nanoTime();
				await().atMost(Duration.ofSeconds(10))
					.until(() -> management.get("/actuator/health/readiness", null).status() == 503);
				long readinessDownMillis = (System.nanoTime() - cutAt) / 1_000_000;
				Response health = client.api().get("/health", null);
				assertThat(health.status()).isEqualTo(503);
				assertThat(health.json().path("status").asString()).isEqualTo("unhealthy");
				Response refused = client.api().get(ChatClient.SESSIONS, token);
				assertThat(refused.status()).isEqualTo(503);
				assertThat(refused.errorCode()).isEqualTo("service_unavailable");
				assertThat(management.get("/actuator/health/liveness", null).status()).isEqualTo(200);
				// the outage lasts until the clients' own requests met it (the pool waits
				// 1.5 s for a connection, so a shorter cut would only slow them down)
				await().atMost(Duration.ofSeconds(10)).until(() -> answers.stream().anyMatch((a) -> a.status() == 503));
				proxy.restore();
				long restoredAt = System.nanoTime();
				await().atMost(Duration.ofSeconds(15))
					.until(() -> management.get("/actuator/health/readiness", null).status() == 200
							&& client.api().get("/health", null).status() == 200);
				long recoveredMillis = (System.nanoTime() - restoredAt) / 1_000_000;
				Thread.sleep(1000);
				running.set(false);
				ReliabilityProfile.report("postgres outage",
						answers.size() + " requests from 8 clients over the outage; statuses "
								+ answers.stream()
									.collect(java.util.stream.Collectors.groupingBy(Response::status,
											java.util.TreeMap::new, java.util.stream.Collectors.counting()))
								+ "; readiness DOWN " + readinessDownMillis + "ms after the cut, healthy "
								+ recoveredMillis + "ms after restore");
			}
			for (Response answer : answers) {
				assertThat(answer.status()).as(answer.body()).isIn(200, 503);
				if (answer.status() == 503) {
					assertThat(answer.errorCode()).isEqualTo("service_unavailable");
				}
			}
			assertThat(answers).anyMatch((a) -> a.status() == 503);
			for (String session : sessions) {
				Map<String, Object> counts = service.jdbc()
					.queryForMap(
							"select count(*) filter (where role = 'user') as users, "
									+ "count(*) filter (where role = 'assistant') as assistants "
									+ "from chat_messages where session_id = ?::uuid",
							java.util.UUID.fromString(session));
				assertThat(counts.get("users")).isEqualTo(counts.get("assistants"));
			}
			// no client went away, so once the database is back every reply ends complete
			// or error:
			// replies whose final write met the outage are stored by the background retry
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(service.jdbc()
					.queryForObject(
							"select count(*) from chat_messages where role = 'assistant' and status = 'partial'",
							Integer.class))
					.isZero());
			assertThat(client.reply(token, sessions.get(0), "Back?")).isNotEmpty();
		}
	}

	private static double degraded(MeterRegistry meters) {
		return meters.get("chatkit.rate.limit.degraded").gauge().value();
	}

}
