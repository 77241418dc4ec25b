package io.chatkit.rest.reliability;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.chatkit.rest.llm.FakeOpenRouter;
import io.chatkit.rest.llm.FakeOpenRouter.Reply;
import io.chatkit.rest.session.ReplyBudget;
import io.chatkit.rest.support.ApiClient.Response;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.RunningService;
import io.chatkit.rest.support.SseEvents;
import io.chatkit.rest.support.SseEvents.Event;
import io.chatkit.rest.support.TcpProxy;
import io.chatkit.rest.support.TestClock;
import io.chatkit.rest.support.TestPostgres;
import io.chatkit.rest.support.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The daily budgets hold as a ceiling: under concurrency, tool loops, abandoned streams,
 * upstream failures, dead instances and Redis outages, what the (fake) provider billed
 * never exceeds the budget, and what the service counted equals the bill. Each test
 * starts its own service with its own budgets and Redis keys.
 */
class BudgetCeilingIntegrationTests {

	private static final Offset<BigDecimal> NANO = Offset.offset(new BigDecimal("0.000000001"));

	static final FakeOpenRouter fake = FakeOpenRouter.start();

	private final List<AutoCloseable> closing = new ArrayList<>();

	private RedisClient redisClient;

	private StatefulRedisConnection<String, String> redis;

	private String prefix;

	@BeforeEach
	void setUp() {
		fake.reset();
		this.prefix = "test:" + UUID.randomUUID() + ":";
		this.redisClient = RedisClient.create(TestRedis.url());
		this.redis = this.redisClient.connect();
	}

	@AfterEach
	void tearDown() throws Exception {
		for (AutoCloseable resource : this.closing.reversed()) {
			resource.close();
		}
		this.redis.close();
		this.redisClient.shutdown();
	}

	@AfterAll
	static void stopFake() {
		fake.close();
	}

	@Test
	void fortyConcurrentRepliesAgainstABudgetOfTenReservationsSpendNoMoreThanTheBudget() throws Exception {
		RunningService service = start(Map.of("chatkit.budget.daily-usd", "0.2"));
		CountDownLatch gate = new CountDownLatch(1);
		fake.fallback((request) -> Reply.stream()
			.await(gate)
			.content("Within budget")
			.finish("stop")
			.usage(13, 16, "0.015")
			.done());
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			tokens.add(JwtTokens.newUser());
		}
		List<Response> responses = sendAtOnce(service, tokens, gate);
		assertThat(responses.stream().filter((response) -> response.status() == 200)).hasSize(10);
		List<Response> refused = responses.stream().filter((response) -> response.status() != 200).toList();
		assertThat(refused).hasSize(30).allSatisfy((response) -> {
			assertThat(response.status()).isEqualTo(429);
			assertThat(response.errorCode()).isEqualTo("budget_exceeded");
		});
		BigDecimal spent = deploymentSpent();
		assertThat(spent).isCloseTo(new BigDecimal("0.15"), NANO);
		assertThat(spent).isLessThanOrEqualTo(new BigDecimal("0.2"));
		assertThat(fake.billedUsd()).isCloseTo(spent, NANO);
		assertThat(fake.generations()).isEqualTo(10);
		assertThat(this.redis.sync().get(this.prefix + "budget:reserved")).isEqualTo("0");
	}

	@Test
	void fortyConcurrentRepliesOfOneUserStayWithinThatUsersBudgetWhileOthersGoOn() throws Exception {
		RunningService service = start(Map.of("chatkit.budget.user-daily-usd", "0.1"));
		CountDownLatch gate = new CountDownLatch(1);
		fake.fallback((request) -> Reply.stream()
			.await(gate)
			.content("Within your budget")
			.finish("stop")
			.usage(13, 16, "0.012")
			.done());
		String user = "heavy-" + UUID.randomUUID();
		String token = JwtTokens.forUser(user);
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			tokens.add(token);
		}
		List<Response> responses = sendAtOnce(service, tokens, gate);
		assertThat(responses.stream().filter((response) -> response.status() == 200)).hasSize(5);
		assertThat(responses.stream().filter((response) -> response.status() != 200)).hasSize(35)
			.allSatisfy((response) -> assertThat(response.errorCode()).isEqualTo("budget_exceeded"));
		JsonNode usage = usage(service, token);
		assertThat(usage.path("user").path("spent_usd").decimalValue()).isEqualByComparingTo("0.06");
		assertThat(usage.path("user").path("reserved_usd").decimalValue()).isEqualByComparingTo("0");
		assertThat(usage.path("user").path("limit_usd").decimalValue()).isEqualByComparingTo("0.1");
		assertThat(usage.path("user").path("remaining_usd").decimalValue()).isEqualByComparingTo("0.04");
		assertThat(userSpent(user)).isCloseTo(fake.billedUsd(), NANO);
		ChatClient client = new ChatClient(service.port());
		String other = JwtTokens.newUser();
		assertThat(client.send(other, client.createSession(other), "hello").status()).isEqualTo(200);
	}

	@Test
	void aStreamAbandonedAfterItsFirstDeltaIsChargedItsReservationAtOnceThenExactlyItsGenerationRecord()
			throws Exception {
		RunningService service = start(Map.of());
		fake.recordDelay(Duration.ofSeconds(3))
			.enqueue(Reply.stream()
				.delayEachChunk(Duration.ofMillis(200))
				.content("Once upon")
				.content(" a time")
				.content(" there")
				.content(" was")
				.content(" a bill.")
				.finish("stop")
				.usage(40, 5, "0.009")
				.done()
				.bill("0.0031"));
		ChatClient client = new ChatClient(service.port());
		String user = "walker-" + UUID.randomUUID();
		String token = JwtTokens.forUser(user);
		String assistantId = client.sendAndWalkAway(token, client.createSession(token));
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(userSpent(user)).isEqualByComparingTo("0.02");
			assertThat(storedCost(service, assistantId)).isEqualByComparingTo("0.02");
		});
		assertThat(deploymentSpent()).isEqualByComparingTo("0.02");
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(userSpent(user)).isCloseTo(new BigDecimal("0.0031"), NANO);
			assertThat(storedCost(service, assistantId)).isEqualByComparingTo("0.0031");
		});
		assertThat(deploymentSpent()).isCloseTo(fake.billedUsd(), NANO);
		assertThat(service.metrics()).contains(
				"chatkit_llm_cost_reconciliations_total{application=\"chatkit-rest\",outcome=\"reconciled\"} 1.0");
		JsonNode usage = usage(service, token);
		assertThat(usage.path("user").path("spent_usd").decimalValue()).isEqualByComparingTo("0.0031");
		assertThat(usage.path("user").path("limit_usd").isNull()).isTrue();
		assertThat(usage.path("user").path("remaining_usd").isNull()).isTrue();
	}

	@Test
	void aGenerationRecordThatNeverAppearsLeavesTheReservationCharged() throws Exception {
		RunningService service = start(Map.of("chatkit.llm.reconcile-for", "3s"));
		fake.withholdRecords()
			.enqueue(Reply.stream()
				.delayEachChunk(Duration.ofMillis(200))
				.content("Never")
				.content(" billed")
				.content(" on record")
				.content(".")
				.finish("stop")
				.done());
		ChatClient client = new ChatClient(service.port());
		String user = "walker-" + UUID.randomUUID();
		String token = JwtTokens.forUser(user);
		String assistantId = client.sendAndWalkAway(token, client.createSession(token));
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(service.metrics()).contains(
					"chatkit_llm_cost_reconciliations_total{application=\"chatkit-rest\",outcome=\"unavailable\"} 1.0"));
		assertThat(userSpent(user)).isEqualByComparingTo("0.02");
		assertThat(storedCost(service, assistantId)).isEqualByComparingTo("0.02");
		assertThat(fake.billedUsd()).isLessThanOrEqualTo(new BigDecimal("0.02"));
	}

	@Test
	void anUpstream503BeforeAnyByteCostsNothing() {
		RunningService service = start(Map.of());
		fake.fallback((request) -> Reply.status(503, "No provider available"));
		ChatClient client = new ChatClient(service.port());
		String user = "unlucky-" + UUID.randomUUID();
		String token = JwtTokens.forUser(user);
		List<Event> events = client.reply(token, client.createSession(token), "hello");
		assertThat(SseEvents.last(events).name()).isEqualTo("error");
		assertThat(fake.calls()).isEqualTo(3);
		JsonNode usage = usage(service, token);
		assertThat(usage.path("user").path("spent_usd").decimalValue()).isEqualByComparingTo("0");
		assertThat(usage.path("user").path("reserved_usd").decimalValue()).isEqualByComparingTo("0");
		assertThat(this.redis.sync().get(this.prefix + "budget:reserved")).isEqualTo("0");
		assertThat(fake.billedUsd()).isEqualByComparingTo("0");
	}

	@Test
	void aToolRoundTheBudgetCannotCoverEndsTheReplyWithBudgetExceededStoredPartial() {
		RunningService service = start(Map.of("chatkit.budget.daily-usd", "0.03"));
		fake.enqueue(Reply.stream()
			.content("Let me look.")
			.toolCallStart(0, "call_1", "list_tasks")
			.toolCallArguments(0, "{}")
			.finish("tool_calls")
			.usage(20, 10, "0.015")
			.done());
		ChatClient client = new ChatClient(service.port());
		String token = JwtTokens.newUser();
		String session = client.createSession(token);
		List<Event> events = client.reply(token, session, "What is on my list?");
		assertThat(SseEvents.names(events)).containsExactly("start", "delta", "tool_call", "tool_result", "error");
		Event error = SseEvents.last(events);
		assertThat(error.data().path("code").asString()).isEqualTo("budget_exceeded");
		assertThat(error.data().path("retryable").asBoolean()).isFalse();
		assertThat(fake.calls()).isEqualTo(1);
		String assistantId = events.get(0).data().path("assistant_message_id").asString();
		Map<String, Object> stored = service.jdbc()
			.queryForMap("select status, content, cost_usd from chat_messages where id = ?::uuid", assistantId);
		assertThat(stored.get("status")).isEqualTo("partial");
		assertThat(stored.get("content")).isEqualTo("Let me look.");
		assertThat((BigDecimal) stored.get("cost_usd")).isEqualByComparingTo("0.015");
		assertThat(deploymentSpent()).isCloseTo(new BigDecimal("0.015"), NANO);
	}

	@Test
	void aReservationLeftByAKilledInstanceExpiresOnItsOwn() {
		String user = "orphan-" + UUID.randomUUID();
		try (RunningService killed = start(Map.of())) {
			// a reply in flight when the instance died: reserved, never settled
			killed.bean(ReplyBudget.class).reserve(user, null);
		}
		TestClock clock = new TestClock();
		RunningService survivor = start(Map.of(), RunningService.with().clock(clock));
		String token = JwtTokens.forUser(user);
		assertThat(usage(survivor, token).path("user").path("reserved_usd").decimalValue())
			.isEqualByComparingTo("0.02");
		// the whole-reply timeout (5 min) plus one minute
		clock.advance(Duration.ofMinutes(6).plusSeconds(1));
		assertThat(usage(survivor, token).path("user").path("reserved_usd").decimalValue()).isEqualByComparingTo("0");
		ChatClient client = new ChatClient(survivor.port());
		assertThat(client.reply(token, client.createSession(token), "hello")).isNotEmpty();
		assertThat(this.redis.sync().get(this.prefix + "budget:reserved")).isEqualTo("0");
	}

	@Test
	void aRedisOutageAcrossAnInstanceRestartLosesNoSpend() throws Exception {
		java.net.URI redisUri = java.net.URI.create(TestRedis.url());
		TcpProxy relay = new TcpProxy(redisUri.getHost(), (redisUri.getPort() != -1) ? redisUri.getPort() : 6379);
		this.closing.add(relay);
		Map<String, String> throughRelay = Map.of("chatkit.rate-limit.redis-url", TestRedis.through(relay.port()));
		String user = "outage-" + UUID.randomUUID();
		String token = JwtTokens.forUser(user);
		fake.fallback((request) -> Reply.text("Counted", " later."));
		try (RunningService first = start(throughRelay)) {
			ChatClient client = new ChatClient(first.port());
			String session = client.createSession(token);
			relay.partition();
			assertThat(SseEvents.last(client.reply(token, session, "hello")).name()).isEqualTo("done");
		}
		RunningService second = start(throughRelay);
		assertThat(usage(second, token).path("user").path("spent_usd").decimalValue()).isEqualByComparingTo("0.000093");
		assertThat(userSpent(user)).isEqualByComparingTo("0");
		relay.restore();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(userSpent(user)).isEqualByComparingTo("0.000093");
			assertThat(deploymentSpent()).isEqualByComparingTo("0.000093");
		});
		assertThat(fake.billedUsd()).isEqualByComparingTo("0.000093");
		assertThat(second.jdbc()
			.queryForObject("select count(*) from budget_outbox where key_prefix = ?", Integer.class, this.prefix))
			.isZero();
	}

	@Test
	void aReplyWhoseFinalWriteMetAPostgresOutageIsStoredByTheNextInstance() throws Exception {
		TestPostgres.Server db = TestPostgres.get();
		java.net.URI jdbc = java.net.URI.create(db.jdbcUrl().substring("jdbc:".length()));
		TcpProxy proxy = new TcpProxy(jdbc.getHost(), (jdbc.getPort() != -1) ? jdbc.getPort() : 5432);
		this.closing.add(proxy);
		Map<String, String> throughProxy = Map.of("spring.datasource.url",
				"jdbc:postgresql://127.0.0.1:" + proxy.port() + jdbc.getPath()
						+ ((jdbc.getQuery() != null) ? "?" + jdbc.getQuery() : ""),
				"spring.datasource.hikari.connection-timeout", "1500");
		CountDownLatch gate = new CountDownLatch(1);
		fake.fallback((request) -> Reply.stream()
			.content("Kept ")
			.await(gate)
			.content("safe.")
			.finish("stop")
			.usage(13, 16, "0.000093")
			.done());
		String token = JwtTokens.newUser();
		List<Event> events;
		try (RunningService first = start(throughProxy)) {
			ChatClient client = new ChatClient(first.port());
			String session = client.createSession(token);
			try (ExecutorService sender = Executors.newVirtualThreadPerTaskExecutor()) {
				Future<List<Event>> reply = sender.submit(() -> client.reply(token, session, "hello"));
				// the upstream is asked while the messages are stored: cut once they are
				await().atMost(Duration.ofSeconds(20))
					.until(() -> fake.open() == 1 && first.jdbc()
						.queryForObject("select count(*) from chat_messages where session_id = ?::uuid", Integer.class,
								session) == 2);
				proxy.cut();
				gate.countDown();
				events = reply.get();
			}
		}
		assertThat(SseEvents.text(events)).isEqualTo("Kept safe.");
		String assistantId = events.get(0).data().path("assistant_message_id").asString();
		proxy.restore();
		RunningService second = start(throughProxy);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(second.jdbc()
				.queryForMap("select status, content from chat_messages where id = ?::uuid", assistantId))
				.containsEntry("status", "complete")
				.containsEntry("content", "Kept safe."));
	}

	private List<Response> sendAtOnce(RunningService service, List<String> tokens, CountDownLatch gate)
			throws Exception {
		ChatClient client = new ChatClient(service.port());
		Map<String, String> sessions = new LinkedHashMap<>();
		for (String token : tokens) {
			sessions.computeIfAbsent(token, client::createSession);
		}
		AtomicInteger answered = new AtomicInteger();
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<Response>> sent = new ArrayList<>();
			for (String token : tokens) {
				sent.add(threads.submit(() -> {
					Response response = client.send(token, sessions.get(token), "hello");
					answered.incrementAndGet();
					return response;
				}));
			}
			// every refused message has its answer and every admitted one waits at the
			// fake: all forty were decided while none had finished
			await().atMost(Duration.ofSeconds(30))
				.until(() -> answered.get() + fake.open() == tokens.size() && fake.open() > 0);
			gate.countDown();
			List<Response> responses = new ArrayList<>();
			for (Future<Response> response : sent) {
				responses.add(response.get());
			}
			return responses;
		}
	}

	private RunningService start(Map<String, String> properties) {
		return start(properties, RunningService.with());
	}

	private RunningService start(Map<String, String> properties, RunningService.Builder builder) {
		builder.set("chatkit.llm.base-url", fake.baseUrl())
			.set("chatkit.rate-limit.key-prefix", this.prefix)
			.set("chatkit.budget.daily-usd", "10")
			// a client that hangs up here is gone for good: no grace for a re-attach
			.set("chatkit.streams.detach-grace", "0s")
			// the shared test Redis is busy; the outage test cuts it off for real
			.set("chatkit.rate-limit.redis-timeout", "1s");
		properties.forEach(builder::set);
		RunningService service = builder.start();
		this.closing.add(service);
		return service;
	}

	private JsonNode usage(RunningService service, String token) {
		Response response = service.api().get("/api/v1/chatkit/usage", token);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode data = response.json().path("data");
		assertThat(data.path("date").asString()).isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
		return data;
	}

	private BigDecimal deploymentSpent() {
		return amount(this.redis.sync().get(this.prefix + "budget:" + LocalDate.now(ZoneOffset.UTC)));
	}

	private BigDecimal userSpent(String user) {
		return amount(this.redis.sync().get(this.prefix + "budget:" + LocalDate.now(ZoneOffset.UTC) + ":user:" + user));
	}

	private static BigDecimal amount(String value) {
		return (value != null) ? new BigDecimal(value) : BigDecimal.ZERO;
	}

	private static BigDecimal storedCost(RunningService service, String assistantId) {
		BigDecimal cost = service.jdbc()
			.queryForObject("select cost_usd from chat_messages where id = ?::uuid", BigDecimal.class, assistantId);
		return (cost != null) ? cost : BigDecimal.ZERO;
	}

}
