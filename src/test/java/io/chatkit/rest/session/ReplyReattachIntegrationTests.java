package io.chatkit.rest.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.chatkit.rest.llm.FakeOpenRouter;
import io.chatkit.rest.llm.FakeOpenRouter.Reply;
import io.chatkit.rest.support.ApiClient.Response;
import io.chatkit.rest.support.FakeUpstreamService;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.ReplyStreams;
import io.chatkit.rest.support.RunningService;
import io.chatkit.rest.support.SseConnection;
import io.chatkit.rest.support.SseEvents;
import io.chatkit.rest.support.SseEvents.Event;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replies outlive their connection, across two instances sharing PostgreSQL and Redis:
 * re-attaching on the other instance, several clients at once, the detach grace, cancel
 * from anywhere and idempotent sends.
 */
class ReplyReattachIntegrationTests {

	private static final String SESSIONS = ReplyStreams.SESSIONS;

	@RegisterExtension
	static final FakeUpstreamService upstream = new FakeUpstreamService().instances(2)
		.set("chatkit.rate-limit.redis-timeout", "1s")
		.set("chatkit.streams.keep-alive", "300ms")
		.set("chatkit.streams.detach-grace", "1s")
		.resetAfterEach();

	static final FakeOpenRouter fake = upstream.fake();

	static RunningService a;

	static RunningService b;

	String token = JwtTokens.newUser();

	@BeforeAll
	static void instances() {
		a = upstream.service(0);
		b = upstream.service(1);
	}

	@Test
	void aClientDroppedAfterFiveEventsReattachesOnTheOtherInstanceAndMissesNothing() {
		fake.enqueue(Reply.text(Reply.pieces("w", 80)).delayEachChunk(Duration.ofMillis(50)));
		String session = createSession();
		List<Event> first;
		try (SseConnection post = send(a, session, "Tell me a story", Map.of())) {
			first = post.next(5);
		}
		String assistant = first.get(0).data().path("assistant_message_id").asString();
		List<Event> rest;
		try (SseConnection again = attach(b, session, assistant, Map.of("Last-Event-ID", "5"))) {
			assertThat(again.status()).isEqualTo(200);
			assertThat(again.header("Content-Type")).startsWith("text/event-stream");
			rest = again.rest();
		}
		List<Event> all = new ArrayList<>(first);
		all.addAll(rest);
		assertThat(rest.get(0).id()).isEqualTo(6);
		assertThat(all.stream().map(Event::id).toList())
			.containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, all.size()).boxed().toList());
		assertThat(SseEvents.last(all).name()).isEqualTo("done");
		assertThat(SseEvents.text(all)).isEqualTo(String.join("", Reply.pieces("w", 80)));
		assertThat(stored(assistant)).containsEntry("status", "complete")
			.containsEntry("content", String.join("", Reply.pieces("w", 80)));
		assertThat(fake.aborts()).isZero();
		assertThat(fake.calls()).isEqualTo(1);
	}

	@Test
	void twoAttachedClientsSeeTheSameEvents() throws Exception {
		fake.enqueue(Reply.text(Reply.pieces("w", 60)).delayEachChunk(Duration.ofMillis(50)));
		String session = createSession();
		try (SseConnection post = send(a, session, "Hi", Map.of())) {
			Event start = post.next();
			String assistant = start.data().path("assistant_message_id").asString();
			CompletableFuture<List<Event>> other = CompletableFuture.supplyAsync(() -> {
				try (SseConnection attached = attach(b, session, assistant, Map.of())) {
					return attached.rest();
				}
			});
			await().atMost(Duration.ofSeconds(5)).until(() -> gauge(b, "chatkit_streams_active") == 1);
			assertThat(gauge(a, "chatkit_replies_running")).isEqualTo(1);
			assertThat(gauge(a, "chatkit_streams_active")).isEqualTo(1);
			assertThat(gauge(b, "chatkit_replies_running")).isZero();
			List<Event> mine = new ArrayList<>(List.of(start));
			mine.addAll(post.rest());
			assertThat(other.get(10, TimeUnit.SECONDS)).isEqualTo(mine);
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> gauge(a, "chatkit_replies_running") == 0);
	}

	@Test
	void aReplyNobodyListensToIsStoredComplete() {
		fake.enqueue(Reply.text(Reply.pieces("w", 10)).delayEachChunk(Duration.ofMillis(30)));
		String session = createSession();
		String assistant;
		try (SseConnection post = send(a, session, "Hi", Map.of())) {
			assistant = post.next().data().path("assistant_message_id").asString();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> "complete".equals(stored(assistant).get("status")));
		assertThat(stored(assistant)).containsEntry("content", String.join("", Reply.pieces("w", 10)));
		assertThat(fake.aborts()).isZero();
	}

	@Test
	void anAbandonedLongReplyIsCancelledWhenTheGraceEnds() {
		fake.enqueue(Reply.text(Reply.pieces("w", 400)).delayEachChunk(Duration.ofMillis(50)));
		String session = createSession();
		String assistant;
		try (SseConnection post = send(a, session, "Tell me a long story", Map.of())) {
			assistant = post.next(3).get(0).data().path("assistant_message_id").asString();
		}
		long dropped = System.nanoTime();
		await().atMost(Duration.ofSeconds(10)).until(() -> fake.aborts() == 1);
		assertThat(Duration.ofNanos(System.nanoTime() - dropped)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
		await().atMost(Duration.ofSeconds(5)).until(() -> "partial".equals(stored(assistant).get("status")));
		try (SseConnection late = attach(b, session, assistant, Map.of("Last-Event-ID", "1"))) {
			List<Event> events = late.rest();
			assertThat(SseEvents.last(events).name()).isEqualTo("done");
			assertThat(SseEvents.last(events).data().path("finish_reason").asString()).isEqualTo("cancelled");
			assertThat(SseEvents.text(events)).isEqualTo(stored(assistant).get("content"));
		}
	}

	@Test
	void aCancelOnOneInstanceStopsTheReplyRunningOnTheOtherWithinASecond() throws Exception {
		fake.enqueue(Reply.text(Reply.pieces("w", 400)).delayEachChunk(Duration.ofMillis(50)));
		String session = createSession();
		try (SseConnection post = send(b, session, "Tell me a long story", Map.of())) {
			List<Event> events = new ArrayList<>(post.next(4));
			String assistant = events.get(0).data().path("assistant_message_id").asString();
			long asked = System.nanoTime();
			CompletableFuture<Response> cancel = CompletableFuture.supplyAsync(() -> a.api()
				.post(SESSIONS + "/" + session + "/messages/" + assistant + "/cancel", this.token, null));
			await().atMost(Duration.ofSeconds(1)).until(() -> fake.aborts() == 1);
			assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(1));
			Response answer = cancel.get(5, TimeUnit.SECONDS);
			assertThat(answer.status()).isEqualTo(200);
			JsonNode data = answer.json().path("data");
			assertThat(data.path("id").asString()).isEqualTo(assistant);
			assertThat(data.path("status").asString()).isEqualTo("partial");
			assertThat(data.path("cancelled").asBoolean()).isTrue();
			events.addAll(post.rest());
			Event done = SseEvents.last(events);
			assertThat(done.name()).isEqualTo("done");
			assertThat(done.data().path("finish_reason").asString()).isEqualTo("cancelled");
			assertThat(done.data().path("usage").has("cost_usd")).isTrue();
			assertThat(stored(assistant)).containsEntry("status", "partial")
				.containsEntry("content", SseEvents.text(events));
			Response again = a.api()
				.post(SESSIONS + "/" + session + "/messages/" + assistant + "/cancel", this.token, null);
			assertThat(again.json().path("data").path("cancelled").asBoolean()).isFalse();
			assertThat(again.json().path("data").path("status").asString()).isEqualTo("partial");
		}
	}

	@Test
	void aRepeatedSendWithTheSameKeyAttachesToTheFirstReplyOnAnyInstance() throws Exception {
		fake.enqueue(Reply.text(Reply.pieces("w", 30)).delayEachChunk(Duration.ofMillis(40)));
		String session = createSession();
		Map<String, String> key = Map.of("Idempotency-Key", "send-" + UUID.randomUUID());
		List<Event> original;
		List<Event> whileRunning;
		try (SseConnection post = send(a, session, "Hi", key)) {
			Event start = post.next();
			try (SseConnection repeat = send(b, session, " Hi ".strip(), key)) {
				assertThat(repeat.status()).isEqualTo(200);
				whileRunning = repeat.rest();
			}
			original = new ArrayList<>(List.of(start));
			original.addAll(post.rest());
		}
		assertThat(whileRunning).isEqualTo(original);
		List<Event> afterwards;
		try (SseConnection repeat = SseConnection.open(a.port(), "POST", SESSIONS + "/" + session + "/messages",
				this.token, "{ \"text\" : \"Hi\" }", key)) {
			afterwards = repeat.rest();
		}
		assertThat(afterwards).isEqualTo(original);
		assertThat(fake.calls()).isEqualTo(1);
		assertThat(a.jdbc()
			.queryForObject("select count(*) from chat_messages where session_id = ?::uuid", Integer.class, session))
			.isEqualTo(2);
		try (SseConnection other = send(b, session, "Something else", key)) {
			assertThat(other.status()).isEqualTo(409);
		}
		Response conflict = a.api()
			.send("POST", SESSIONS + "/" + createSession() + "/messages", this.token, "{\"text\":\"Hi\"}",
					Map.of("Content-Type", "application/json", "Idempotency-Key", key.get("Idempotency-Key")));
		assertThat(conflict.status()).isEqualTo(409);
		assertThat(conflict.errorCode()).isEqualTo("idempotency_conflict");
		Response badKey = a.api()
			.send("POST", SESSIONS + "/" + session + "/messages", this.token, "{\"text\":\"Hi\"}",
					Map.of("Content-Type", "application/json", "Idempotency-Key", "x".repeat(201)));
		assertThat(badKey.errorCode()).isEqualTo("validation_failed");
		assertThat(fake.calls()).isEqualTo(1);
	}

	@Test
	void onlyTheOwnerReachesAReplyAndOnlyAssistantMessagesAreReplies() {
		fake.enqueue(Reply.text("Hello"));
		String session = createSession();
		List<Event> events;
		try (SseConnection post = send(a, session, "Hi", Map.of())) {
			events = post.rest();
		}
		String assistant = events.get(0).data().path("assistant_message_id").asString();
		String user = events.get(0).data().path("user_message_id").asString();
		String stranger = JwtTokens.newUser();
		String strangersSession = b.api().post(SESSIONS, stranger, null).json().path("data").path("id").asString();
		for (RunningService service : List.of(a, b)) {
			String events403 = SESSIONS + "/" + session + "/messages/" + UUID.randomUUID() + "/events";
			assertThat(service.api().get(events403, stranger).errorCode()).isEqualTo("forbidden");
			assertThat(service.api()
				.post(SESSIONS + "/" + session + "/messages/" + assistant + "/cancel", stranger, null)
				.status()).isEqualTo(403);
			for (String path : List.of(SESSIONS + "/" + session + "/messages/" + UUID.randomUUID(),
					SESSIONS + "/" + session + "/messages/" + user,
					SESSIONS + "/" + strangersSession + "/messages/" + assistant,
					SESSIONS + "/" + UUID.randomUUID() + "/messages/" + assistant)) {
				String owner = path.contains(strangersSession) ? stranger : this.token;
				assertThat(service.api().get(path + "/events", owner).status()).as(path).isEqualTo(404);
				assertThat(service.api().post(path + "/cancel", owner, null).status()).as(path).isEqualTo(404);
			}
			Response bad = service.api()
				.send("GET", SESSIONS + "/" + session + "/messages/" + assistant + "/events", this.token, null,
						Map.of("Last-Event-ID", "-1"));
			assertThat(bad.status()).isEqualTo(400);
			assertThat(bad.errorCode()).isEqualTo("validation_failed");
		}
		Response finished = b.api()
			.post(SESSIONS + "/" + session + "/messages/" + assistant + "/cancel", this.token, null);
		assertThat(finished.json().path("data").path("status").asString()).isEqualTo("complete");
		assertThat(finished.json().path("data").path("cancelled").asBoolean()).isFalse();
		try (SseConnection past = attach(b, session, assistant,
				Map.of("Last-Event-ID", String.valueOf(events.size())))) {
			assertThat(past.status()).isEqualTo(200);
			assertThat(past.rest()).isEmpty();
		}
	}

	private SseConnection send(RunningService service, String session, String text, Map<String, String> headers) {
		return new ReplyStreams(service, this.token).send(session, "{\"text\":\"" + text + "\"}", headers);
	}

	private SseConnection attach(RunningService service, String session, String assistant,
			Map<String, String> headers) {
		return new ReplyStreams(service, this.token).attach(session, assistant, headers);
	}

	private String createSession() {
		return new ReplyStreams(a, this.token).createSession();
	}

	private Map<String, Object> stored(String assistant) {
		return a.jdbc().queryForMap("select status, content from chat_messages where id = ?::uuid", assistant);
	}

	private static double gauge(RunningService service, String name) {
		Matcher value = Pattern.compile("(?m)^" + name + "\\{[^}]*\\} (\\S+)$").matcher(service.metrics());
		assertThat(value.find()).as(name).isTrue();
		return Double.parseDouble(value.group(1));
	}

}
