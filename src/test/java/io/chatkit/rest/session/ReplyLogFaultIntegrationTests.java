package io.chatkit.rest.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.chatkit.rest.llm.FakeOpenRouter;
import io.chatkit.rest.llm.FakeOpenRouter.Reply;
import io.chatkit.rest.llm.FakeOpenRouter.ToolCall;
import io.chatkit.rest.support.FakeUpstreamService;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.RedisRelay;
import io.chatkit.rest.support.ReplyStreams;
import io.chatkit.rest.support.SseConnection;
import io.chatkit.rest.support.SseEvents;
import io.chatkit.rest.support.SseEvents.Event;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reply log when Redis goes away or forgets: the sending client keeps its stream, and
 * a reply whose log expired is rebuilt from the stored message.
 */
class ReplyLogFaultIntegrationTests {

	@RegisterExtension
	@Order(1)
	static final RedisRelay relay = new RedisRelay();

	@RegisterExtension
	@Order(2)
	static final FakeUpstreamService upstream = new FakeUpstreamService()
		.set("chatkit.rate-limit.redis-url", relay::url)
		.set("chatkit.streams.replay-retention", "2s")
		.resetAfterEach();

	static final FakeOpenRouter fake = upstream.fake();

	String token = JwtTokens.newUser();

	@Test
	void aRedisOutageMidReplyLeavesTheSendersStreamWhole() {
		fake.enqueue(Reply.text(Reply.pieces("w", 40)).delayEachChunk(Duration.ofMillis(50)));
		String session = createSession();
		List<Event> events;
		try (SseConnection post = send(session)) {
			events = new ArrayList<>(post.next(5));
			relay.partition();
			events.addAll(post.rest());
		}
		assertThat(SseEvents.names(events)).startsWith("start").endsWith("done");
		assertThat(SseEvents.text(events)).isEqualTo(String.join("", Reply.pieces("w", 40)));
		String assistant = events.get(0).data().path("assistant_message_id").asString();
		assertThat(upstream.service()
			.jdbc()
			.queryForObject("select status from chat_messages where id = ?::uuid", String.class, assistant))
			.isEqualTo("complete");
		try (SseConnection again = attach(session, assistant, "5")) {
			assertThat(again.status()).isEqualTo(200);
			assertThat(again.rest()).isEqualTo(events.subList(5, events.size()));
		}
	}

	@Test
	void aReplyWhoseLogExpiredIsRebuiltFromTheStoredMessage() {
		fake.enqueue(Reply.toolCalls(new ToolCall("call_1", "add_task", "{\"title\":\"Milk\"}")),
				Reply.text("Added ", "milk."));
		String session = createSession();
		List<Event> original;
		try (SseConnection post = send(session)) {
			original = post.rest();
		}
		String assistant = original.get(0).data().path("assistant_message_id").asString();
		try (SseConnection replay = attach(session, assistant, "2")) {
			assertThat(replay.rest()).isEqualTo(original.subList(2, original.size()));
		}
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).until(() -> {
			try (SseConnection rebuilt = attach(session, assistant, null)) {
				return rebuilt.rest().size() != original.size();
			}
		});
		List<Event> rebuilt;
		try (SseConnection again = attach(session, assistant, null)) {
			rebuilt = again.rest();
		}
		assertThat(SseEvents.names(rebuilt)).containsExactly("start", "tool_call", "tool_result", "delta", "done");
		assertThat(rebuilt.stream().map(Event::id).toList()).containsExactly(1L, 2L, 3L, 4L, 5L);
		assertThat(rebuilt.get(0).data()).isEqualTo(original.get(0).data());
		assertThat(rebuilt.get(1).data().path("name").asString()).isEqualTo("add_task");
		assertThat(rebuilt.get(2).data().path("status").asString()).isEqualTo("ok");
		assertThat(SseEvents.text(rebuilt)).isEqualTo("Added milk.").isEqualTo(SseEvents.text(original));
		assertThat(SseEvents.last(rebuilt).data().path("finish_reason").asString()).isEqualTo("stop");
		assertThat(SseEvents.last(rebuilt).data().path("usage"))
			.isEqualTo(SseEvents.last(original).data().path("usage"));
	}

	private SseConnection send(String session) {
		return streams().send(session, "{\"text\":\"Go\"}", Map.of());
	}

	private SseConnection attach(String session, String assistant, String lastEventId) {
		return streams().attach(session, assistant,
				(lastEventId != null) ? Map.of("Last-Event-ID", lastEventId) : Map.of());
	}

	private String createSession() {
		return streams().createSession();
	}

	private ReplyStreams streams() {
		return new ReplyStreams(upstream.service(), this.token);
	}

}
