package io.chatkit.rest.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.chatkit.rest.llm.FakeOpenRouter;
import io.chatkit.rest.llm.FakeOpenRouter.Reply;
import io.chatkit.rest.support.ApiClient.Response;
import io.chatkit.rest.support.FakeUpstreamService;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.SseEvents;
import io.chatkit.rest.support.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sizing limits: more concurrent database-bound requests than the pool holds are queued
 * or refused quickly with 503, never left hanging, and streams beyond
 * {@code chatkit.streams.max} are refused with a clear 503.
 */
class CapacityIntegrationTests {

	private static final int POOL = 3;

	@RegisterExtension
	static final FakeUpstreamService upstream = new FakeUpstreamService()
		.set("spring.datasource.hikari.maximum-pool-size", POOL)
		.set("spring.datasource.hikari.minimum-idle", POOL)
		.set("spring.datasource.hikari.connection-timeout", "2000")
		.set("chatkit.streams.max", "3");

	static final FakeOpenRouter fake = upstream.fake();

	static ChatClient client;

	@BeforeAll
	static void connect() {
		client = new ChatClient(upstream.service().port());
	}

	@Test
	void twiceThePoolOfSlowDatabaseRequestsIsQueuedWhenTheDatabaseCatchesUpInTime() throws Exception {
		List<TimedResponse> responses = whileSessionsAreLocked(Duration.ofMillis(1000), POOL * 2);
		assertThat(responses).extracting(TimedResponse::status).containsOnly(200);
		assertThat(responses).allSatisfy((r) -> assertThat(r.millis()).isLessThan(5000));
		ReliabilityProfile.report("pool queueing",
				(POOL * 2) + " requests on a pool of " + POOL + ", table locked 1s: all 200, slowest "
						+ responses.stream().mapToLong(TimedResponse::millis).max().orElse(0) + "ms");
	}

	@Test
	void twiceThePoolOfStuckDatabaseRequestsGetsServiceUnavailableQuicklyForTheQueuedHalf() throws Exception {
		List<TimedResponse> responses = whileSessionsAreLocked(Duration.ofMillis(4000), POOL * 2);
		List<TimedResponse> refused = responses.stream().filter((r) -> r.status() == 503).toList();
		assertThat(responses).extracting(TimedResponse::status).containsOnly(200, 503);
		assertThat(refused).isNotEmpty()
			.allSatisfy((r) -> assertThat(r.code()).isEqualTo("service_unavailable"))
			.allSatisfy((r) -> assertThat(r.millis()).isLessThan(3500));
		assertThat(responses).allSatisfy((r) -> assertThat(r.millis()).isLessThan(8000));
		ReliabilityProfile.report("pool exhaustion",
				(POOL * 2) + " requests on a pool of " + POOL + " (connection-timeout 2s), table locked 4s: "
						+ (responses.size() - refused.size()) + " x 200, " + refused.size() + " x 503 after "
						+ refused.stream().mapToLong(TimedResponse::millis).max().orElse(0) + "ms at most");
		assertThat(client.api().get(ChatClient.SESSIONS, JwtTokens.newUser()).status()).isEqualTo(200);
	}

	@Test
	void streamsBeyondTheCapAreRefusedWithServiceUnavailableAndStoreNothing() throws Exception {
		fake.reset();
		fake.fallback((request) -> Reply.text("slow ", "reply").delayEachChunk(Duration.ofMillis(700)));
		String token = JwtTokens.newUser();
		try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<Response>> open = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				String session = client.createSession(token);
				open.add(pool.submit(() -> client.send(token, session, "Hi")));
			}
			org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> fake.open() == 3);
			String extra = client.createSession(token);
			long started = System.nanoTime();
			Response refused = client.send(token, extra, "One too many");
			assertThat(refused.status()).isEqualTo(503);
			assertThat(refused.errorCode()).isEqualTo("service_unavailable");
			assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(1000);
			assertThat(upstream.service()
				.jdbc()
				.queryForObject("select count(*) from chat_messages where session_id = ?::uuid", Integer.class, extra))
				.isZero();
			for (Future<Response> future : open) {
				assertThat(SseEvents.last(SseEvents.parse(future.get().body())).name()).isEqualTo("done");
			}
			assertThat(SseEvents.last(client.reply(token, extra, "Now there is room")).name()).isEqualTo("done");
		}
	}

	private List<TimedResponse> whileSessionsAreLocked(Duration lockFor, int requests) throws Exception {
		TestPostgres.Server db = TestPostgres.get();
		String token = JwtTokens.newUser();
		client.createSession(token);
		List<TimedResponse> responses = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
				ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				statement.execute("lock table chat_sessions in access exclusive mode");
			}
			List<Future<TimedResponse>> futures = new ArrayList<>();
			for (int i = 0; i < requests; i++) {
				futures.add(pool.submit(() -> {
					long started = System.nanoTime();
					Response response = client.api().get(ChatClient.SESSIONS, token);
					String code = (response.status() == 200) ? null : response.errorCode();
					return new TimedResponse(response.status(), code, (System.nanoTime() - started) / 1_000_000);
				}));
			}
			Thread.sleep(lockFor);
			connection.rollback();
			for (Future<TimedResponse> future : futures) {
				responses.add(future.get());
			}
		}
		return responses;
	}

	record TimedResponse(int status, String code, long millis) {
	}

}
