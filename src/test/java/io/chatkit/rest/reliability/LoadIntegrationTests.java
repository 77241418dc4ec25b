package io.chatkit.rest.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import io.chatkit.rest.llm.FakeOpenRouter;
import io.chatkit.rest.llm.FakeOpenRouter.Reply;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.SseEvents;
import io.chatkit.rest.support.SseEvents.Event;
import io.chatkit.rest.support.RunningService;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Load held on loopback against the fake upstream: at least 200 concurrent reply streams
 * plus session CRUD, in rounds. Nothing may fail with a 5xx, hang past its deadline or be
 * lost, and the heap after a collection must not grow from round to round.
 */
class LoadIntegrationTests {

	private static final int STREAMS = ReliabilityProfile.count(200, 400);

	private static final int CRUD_WORKERS = 8;

	private static final int ROUNDS = ReliabilityProfile.count(2, 6);

	private static final Duration ROUND = ReliabilityProfile.duration(Duration.ofSeconds(10), Duration.ofSeconds(30));

	private static final Duration DEADLINE = Duration.ofSeconds(20);

	static final FakeOpenRouter fake = FakeOpenRouter.start();

	static RunningService service;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.executor(Executors.newVirtualThreadPerTaskExecutor())
		.build();

	private final AtomicInteger serverErrors = new AtomicInteger();

	private final AtomicInteger hung = new AtomicInteger();

	private final AtomicInteger otherFailures = new AtomicInteger();

	private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

	private final Map<String, String> receivedText = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> sentPerSession = new ConcurrentHashMap<>();

	private final ReliabilityProfile.Latencies streamLatency = new ReliabilityProfile.Latencies();

	private final ReliabilityProfile.Latencies firstEventLatency = new ReliabilityProfile.Latencies();

	private final ReliabilityProfile.Latencies crudLatency = new ReliabilityProfile.Latencies();

	@BeforeAll
	static void start() {
		fake.fallback((request) -> Reply.text("Load ", "test ", "reply ", "in ", "eight ", "small ", "pieces", ".")
			.delayEachChunk(Duration.ofMillis(150)));
		service = RunningService.with()
			.set("chatkit.llm.base-url", fake.baseUrl())
			.set("spring.datasource.hikari.maximum-pool-size", "10")
			// the 400 clients of the long profile all come from the test's one address:
			// the
			// per-address cap (256) is ConnectionFloodIntegrationTests' subject, not this
			// one's
			.set("chatkit.server.max-connections-per-address", "2000")
			.start();
	}

	@AfterAll
	static void stop() {
		if (service != null) {
			service.close();
		}
		fake.close();
	}

	@Test
	void concurrentStreamsAndSessionCrudLoseNothingFailNothingAndLeakNoHeap() throws Exception {
		int port = service.port();
		List<Long> heapAfterRound = new ArrayList<>();
		long heapBefore = ReliabilityProfile.usedHeapAfterGcMib();
		int threadsBefore = ReliabilityProfile.liveThreads();
		for (int round = 0; round < ROUNDS; round++) {
			long end = System.nanoTime() + ROUND.toNanos();
			try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
				for (int i = 0; i < STREAMS; i++) {
					pool.submit(() -> streamUntil(port, end));
				}
				for (int i = 0; i < CRUD_WORKERS; i++) {
					pool.submit(() -> crudUntil(port, end));
				}
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> activeStreams() == 0);
			// the fake upstream lives in this JVM: its record of request bodies is not
			// the service's heap
			fake.forgetRequests();
			heapAfterRound.add(ReliabilityProfile.usedHeapAfterGcMib());
		}
		int threadsAfter = ReliabilityProfile.liveThreads();
		ReliabilityProfile.report("load",
				STREAMS + " concurrent streams + " + CRUD_WORKERS + " CRUD workers, " + ROUNDS + " rounds of "
						+ ROUND.toSeconds() + "s; streams " + this.streamLatency.summary() + "; first event "
						+ this.firstEventLatency.summary() + "; crud " + this.crudLatency.summary() + "; 5xx "
						+ this.serverErrors + ", hung " + this.hung + ", other failures " + this.otherFailures
						+ "; heap MiB before " + heapBefore + " after rounds " + heapAfterRound + "; platform threads "
						+ threadsBefore + " -> " + threadsAfter);
		assertThat(this.failures).as("failures").isEmpty();
		assertThat(this.serverErrors).hasValue(0);
		assertThat(this.hung).hasValue(0);
		assertThat(this.otherFailures).hasValue(0);
		assertThat(this.streamLatency.count()).isGreaterThanOrEqualTo(STREAMS * ROUNDS);
		assertThat(this.streamLatency.maxMillis()).isLessThan(DEADLINE.toMillis());
		assertNothingLost();
		assertThat(activeStreams()).isZero();
		long first = heapAfterRound.get(0);
		long last = heapAfterRound.get(heapAfterRound.size() - 1);
		assertThat(last).as("heap after GC, MiB, by round: " + heapAfterRound).isLessThanOrEqualTo(first + 64);
	}

	private void assertNothingLost() {
		for (Map.Entry<String, String> entry : this.receivedText.entrySet()) {
			Map<String, Object> row = service.jdbc()
				.queryForMap("select content, status from chat_messages where id = ?::uuid", entry.getKey());
			assertThat(row.get("status")).isEqualTo("complete");
			assertThat(row.get("content")).isEqualTo(entry.getValue());
		}
		for (Map.Entry<String, AtomicInteger> entry : this.sentPerSession.entrySet()) {
			Map<String, Object> counts = service.jdbc()
				.queryForMap("select count(*) filter (where role = 'user') as users, "
						+ "count(*) filter (where role = 'assistant') as assistants "
						+ "from chat_messages where session_id = ?::uuid", entry.getKey());
			assertThat(((Number) counts.get("users")).intValue()).isEqualTo(entry.getValue().get());
			assertThat(((Number) counts.get("assistants")).intValue()).isEqualTo(entry.getValue().get());
		}
	}

	private double activeStreams() {
		return service.bean(MeterRegistry.class).get("chatkit.streams.active").gauge().value();
	}

	private void streamUntil(int port, long end) {
		String token = JwtTokens.newUser();
		String session = createSession(port, token);
		if (session == null) {
			return;
		}
		AtomicInteger sent = this.sentPerSession.computeIfAbsent(session, (key) -> new AtomicInteger());
		while (System.nanoTime() < end) {
			long started = System.nanoTime();
			sent.incrementAndGet();
			HttpResponse<java.util.stream.Stream<String>> response = call(
					request(port, "/api/v1/chatkit/sessions/" + session + "/messages", token)
						.POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"Hello under load\"}"))
						.header("Content-Type", "application/json"),
					HttpResponse.BodyHandlers.ofLines());
			if (response == null) {
				return;
			}
			if (response.statusCode() != 200) {
				unexpected("stream status " + response.statusCode(), response.statusCode());
				return;
			}
			StringBuilder body = new StringBuilder();
			boolean[] first = { true };
			try {
				response.body().forEach((line) -> {
					if (first[0] && line.startsWith("event: ")) {
						first[0] = false;
						this.firstEventLatency.add(System.nanoTime() - started);
					}
					body.append(line).append('\n');
				});
			}
			catch (RuntimeException ex) {
				this.otherFailures.incrementAndGet();
				this.failures.add("stream body: " + ex);
				return;
			}
			this.streamLatency.add(System.nanoTime() - started);
			List<Event> events = SseEvents.parse(body.toString());
			if (events.isEmpty() || !SseEvents.last(events).name().equals("done")) {
				this.otherFailures.incrementAndGet();
				this.failures.add("stream ended with " + SseEvents.names(events)
						+ (events.isEmpty() ? "" : " " + SseEvents.last(events).data()));
				return;
			}
			this.receivedText.put(events.get(0).data().path("assistant_message_id").asString(), SseEvents.text(events));
		}
	}

	private void crudUntil(int port, long end) {
		String token = JwtTokens.newUser();
		while (System.nanoTime() < end) {
			String session = createSession(port, token);
			if (session == null) {
				return;
			}
			String path = "/api/v1/chatkit/sessions/" + session;
			timed(request(port, path + "/threads", token).POST(HttpRequest.BodyPublishers.noBody()));
			timed(request(port, path, token).GET());
			timed(request(port, "/api/v1/chatkit/sessions?limit=10", token).GET());
			timed(request(port, path, token).DELETE());
		}
	}

	private String createSession(int port, String token) {
		HttpResponse<String> response = timed(request(port, "/api/v1/chatkit/sessions", token)
			.POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"load\"}"))
			.header("Content-Type", "application/json"));
		if (response == null || response.statusCode() != 200) {
			return null;
		}
		return tools.jackson.databind.json.JsonMapper.builder()
			.build()
			.readTree(response.body())
			.path("data")
			.path("id")
			.asString();
	}

	private HttpResponse<String> timed(HttpRequest.Builder request) {
		long started = System.nanoTime();
		HttpResponse<String> response = call(request, HttpResponse.BodyHandlers.ofString());
		if (response != null) {
			this.crudLatency.add(System.nanoTime() - started);
			if (response.statusCode() != 200) {
				unexpected("crud status " + response.statusCode() + " " + response.body(), response.statusCode());
			}
		}
		return response;
	}

	private void unexpected(String what, int status) {
		if (status >= 500) {
			this.serverErrors.incrementAndGet();
		}
		else {
			this.otherFailures.incrementAndGet();
		}
		this.failures.add(what);
	}

	private HttpRequest.Builder request(int port, String path, String token) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(DEADLINE)
			.header("Authorization", "Bearer " + token);
	}

	private <T> HttpResponse<T> call(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
		try {
			return this.http.send(request.build(), handler);
		}
		catch (HttpTimeoutException ex) {
			this.hung.incrementAndGet();
			this.failures.add("hung: " + ex.getMessage());
		}
		catch (Exception ex) {
			this.otherFailures.incrementAndGet();
			this.failures.add("request failed: " + ex);
		}
		return null;
	}

}
