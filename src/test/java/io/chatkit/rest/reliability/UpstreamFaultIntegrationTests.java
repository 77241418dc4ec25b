package io.chatkit.rest.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.chatkit.rest.llm.FakeOpenRouter;
import io.chatkit.rest.llm.FakeOpenRouter.Reply;
import io.chatkit.rest.support.FakeUpstreamService;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.SseEvents;
import io.chatkit.rest.support.SseEvents.Event;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a client sees when the upstream misbehaves: every failure is a clean {@code error}
 * event after {@code start}, the text that arrived is kept, and the service recovers
 * without a restart.
 */
class UpstreamFaultIntegrationTests {

	@RegisterExtension
	static final FakeUpstreamService upstream = new FakeUpstreamService().set("chatkit.llm.timeouts.first-byte", "1s")
		.set("chatkit.llm.timeouts.chunk-gap", "1s")
		.set("chatkit.streams.keep-alive", "300ms")
		.set("chatkit.streams.detach-grace", "0s")
		// one test user sends every burst: the fair share is tested in
		// StreamShareIntegrationTests
		.set("chatkit.streams.max-per-user", "1000");

	static final FakeOpenRouter fake = upstream.fake();

	static ChatClient client;

	String token;

	@BeforeAll
	static void connect() {
		client = new ChatClient(upstream.service().port());
	}

	@BeforeEach
	void reset() {
		fake.reset();
		this.token = JwtTokens.newUser();
	}

	private Map<String, Object> stored(Event start) {
		return upstream.service()
			.jdbc()
			.queryForMap("select content, status from chat_messages where id = ?::uuid",
					start.data().path("assistant_message_id").asString());
	}

	private List<Event> reply() {
		return client.reply(this.token, client.createSession(this.token), "Hi");
	}

	private double activeStreams() {
		return upstream.service().bean(MeterRegistry.class).get("chatkit.streams.active").gauge().value();
	}

	@Test
	void anUpstreamThatNeverAnswersEndsInATimeoutEventAndAStoredError() {
		fake.enqueue(Reply.text("never").delayHeaders(Duration.ofSeconds(4)));
		long started = System.nanoTime();
		List<Event> events = reply();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
		assertThat(SseEvents.names(events)).containsExactly("start", "error");
		assertThat(SseEvents.last(events).data().path("code").asString()).isEqualTo("upstream_timeout");
		assertThat(stored(events.get(0))).containsEntry("status", "error").containsEntry("content", "");
	}

	@Test
	void slowTokensUnderTheGapTimeoutArriveWholeWithKeepAlives() {
		fake.enqueue(Reply.text("s", "l", "o", "w", "!").delayEachChunk(Duration.ofMillis(400)));
		var response = client.send(this.token, client.createSession(this.token), "Hi");
		List<Event> events = SseEvents.parse(response.body());
		assertThat(SseEvents.last(events).name()).isEqualTo("done");
		assertThat(SseEvents.text(events)).isEqualTo("slow!");
		assertThat(response.body()).contains(": keep-alive");
		assertThat(stored(events.get(0))).containsEntry("status", "complete").containsEntry("content", "slow!");
	}

	@Test
	void aConnectionBrokenMidStreamIsAnUpstreamErrorKeepingThePartialText() {
		fake.enqueue(Reply.stream().content("Half").content("way").pause(Duration.ofMillis(300)).dropConnection());
		List<Event> events = reply();
		assertThat(SseEvents.names(events)).containsExactly("start", "delta", "delta", "error");
		assertThat(SseEvents.last(events).data().path("code").asString()).isEqualTo("upstream_error");
		assertThat(stored(events.get(0))).containsEntry("status", "error").containsEntry("content", "Halfway");
		assertThat(fake.calls()).isEqualTo(1);
	}

	@Test
	void aConnectionClosedBeforeTheUpstreamAnsweredIsTriedAgain() {
		// what a kept-alive connection looks like when the server closed it just as it
		// was reused: the request went out, not a byte came back
		fake.enqueue(Reply.closeBeforeHeaders(), Reply.text("Second ", "try"));
		List<Event> events = reply();
		assertThat(SseEvents.names(events)).containsExactly("start", "delta", "delta", "done");
		assertThat(SseEvents.text(events)).isEqualTo("Second try");
		assertThat(stored(events.get(0))).containsEntry("status", "complete").containsEntry("content", "Second try");
		assertThat(fake.calls()).isEqualTo(2);
	}

	@Test
	void anUpstreamThatAlwaysClosesBeforeAnsweringEndsInAnUpstreamErrorAfterItsRetries() {
		fake.fallback((request) -> Reply.closeBeforeHeaders());
		List<Event> events = reply();
		assertThat(SseEvents.names(events)).containsExactly("start", "error");
		assertThat(SseEvents.last(events).data().path("code").asString()).isEqualTo("upstream_error");
		assertThat(stored(events.get(0))).containsEntry("status", "error").containsEntry("content", "");
		assertThat(fake.calls()).isGreaterThan(1);
	}

	@Test
	void aMalformedChunkIsAnUpstreamErrorKeepingThePartialText() {
		fake.enqueue(Reply.stream().content("Good ").chunk("{\"choices\":[{\"delta\":{\"content\":").done());
		List<Event> events = reply();
		assertThat(SseEvents.names(events)).containsExactly("start", "delta", "error");
		assertThat(SseEvents.last(events).data().path("code").asString()).isEqualTo("upstream_error");
		assertThat(stored(events.get(0))).containsEntry("status", "error").containsEntry("content", "Good ");
	}

	@Test
	void anOversizedChunkIsAnUpstreamErrorKeepingThePartialText() {
		fake.enqueue(Reply.stream().content("Before ").content("x".repeat(1024 * 1024)).finish("stop").done());
		List<Event> events = reply();
		assertThat(SseEvents.names(events)).containsExactly("start", "delta", "error");
		assertThat(SseEvents.last(events).data().path("code").asString()).isEqualTo("upstream_error");
		assertThat(stored(events.get(0))).containsEntry("status", "error").containsEntry("content", "Before ");
	}

	@Test
	void aBurstOfServerErrorsEndsEveryReplyCleanlyAndTheNextRepliesSucceed() throws Exception {
		fake.fallback((request) -> Reply.status(502, "Provider returned error"));
		int clients = 20;
		List<List<Event>> outcomes = new ArrayList<>();
		try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<List<Event>>> futures = new ArrayList<>();
			for (int i = 0; i < clients; i++) {
				futures.add(pool.submit(this::reply));
			}
			for (Future<List<Event>> future : futures) {
				outcomes.add(future.get());
			}
		}
		for (List<Event> events : outcomes) {
			assertThat(SseEvents.names(events)).containsExactly("start", "error");
			assertThat(SseEvents.last(events).data().path("code").asString()).isEqualTo("upstream_error");
			assertThat(SseEvents.last(events).data().path("retryable").asBoolean()).isTrue();
			assertThat(stored(events.get(0))).containsEntry("status", "error");
		}
		fake.reset();
		List<Event> recovered = reply();
		assertThat(SseEvents.last(recovered).name()).isEqualTo("done");
		assertThat(activeStreams()).isZero();
	}

	@Test
	void clientsWalkingAwayMidStreamLeakNoUpstreamRequestsThreadsOrStreams() throws Exception {
		int disconnects = ReliabilityProfile.count(100, 1000);
		String[] words = new String[200];
		Arrays.fill(words, "word ");
		fake.fallback((request) -> Reply.text(words).delayEachChunk(Duration.ofMillis(20)));
		String session = client.createSession(this.token);
		client.sendAndWalkAway(this.token, session);
		int baselineThreads = ReliabilityProfile.liveThreads();
		long started = System.nanoTime();
		List<String> assistantIds = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(50, Thread.ofVirtual().factory())) {
			List<Future<String>> futures = new ArrayList<>();
			for (int i = 0; i < disconnects; i++) {
				futures.add(pool.submit(() -> client.sendAndWalkAway(this.token, client.createSession(this.token))));
			}
			for (Future<String> future : futures) {
				assistantIds.add(future.get());
			}
		}
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(fake.open()).as("upstream requests open").isZero();
			assertThat(activeStreams()).as("streams active").isZero();
		});
		long settledMillis = (System.nanoTime() - started) / 1_000_000;
		for (String id : assistantIds) {
			Map<String, Object> row = upstream.service()
				.jdbc()
				.queryForMap("select content, status from chat_messages where id = ?::uuid", id);
			assertThat(row.get("status")).isEqualTo("partial");
			assertThat((String) row.get("content")).startsWith("word ").hasSizeLessThan(200 * 5);
		}
		String threadsBefore = ReliabilityProfile.threadNames();
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(ReliabilityProfile.liveThreads())
				.as(() -> threadsBefore + " now " + ReliabilityProfile.threadNames())
				.isLessThanOrEqualTo(baselineThreads + 10));
		int threadsAfter = ReliabilityProfile.liveThreads();
		ReliabilityProfile.report("client disconnects",
				disconnects + " streams dropped after the first delta, upstream requests open after: " + fake.open()
						+ ", upstream aborts seen: " + fake.aborts() + ", platform threads " + baselineThreads + " -> "
						+ threadsAfter + ", all settled in " + settledMillis + "ms");
	}

}
