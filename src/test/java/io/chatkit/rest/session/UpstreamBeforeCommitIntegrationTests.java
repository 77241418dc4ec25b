package io.chatkit.rest.session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.chatkit.rest.llm.FakeOpenRouter;
import io.chatkit.rest.llm.FakeOpenRouter.Reply;
import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.FakeUpstreamService;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.ReplyStreams;
import io.chatkit.rest.support.SseConnection;
import io.chatkit.rest.support.SseEvents;
import io.chatkit.rest.support.SseEvents.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The upstream request of a reply goes out while its messages are being stored, not after
 * their commit; the client's {@code start} event still comes only once they are stored.
 * Each test holds the session's row locked from another connection, so that storing the
 * messages waits, and watches what the upstream and the client see meanwhile.
 */
class UpstreamBeforeCommitIntegrationTests {

	@RegisterExtension
	static final FakeUpstreamService upstream = new FakeUpstreamService().resetAfterEach();

	static final FakeOpenRouter fake = upstream.fake();

	@Test
	void theUpstreamIsAskedBeforeTheMessagesCommitAndStartComesAfterThem() throws Exception {
		String token = JwtTokens.newUser();
		ReplyStreams streams = new ReplyStreams(upstream.service(), token);
		String session = streams.createSession();
		fake.enqueue(Reply.text("one ", "two ", "three "));
		JdbcTemplate jdbc = upstream.service().jdbc();
		CompletableFuture<List<Event>> events;
		try (Connection lock = jdbc.getDataSource().getConnection()) {
			lock.setAutoCommit(false);
			lockSession(lock, "select id from chat_sessions where id = ? for update", session);

			events = CompletableFuture
				.supplyAsync(() -> streams.send(session, "{\"text\":\"count\"}", Map.of()).rest());
			await().atMost(Duration.ofSeconds(10)).until(() -> fake.calls() == 1);
			// the whole upstream reply is in, and still nothing is stored or sent
			await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !events.isDone());
			assertThat(messagesIn(jdbc, session)).isZero();

			lock.commit();
		}
		List<Event> received = events.get(10, TimeUnit.SECONDS);
		assertThat(SseEvents.names(received)).containsExactly("start", "delta", "delta", "delta", "done");
		assertThat(received.stream().map(Event::id)).containsExactly(1L, 2L, 3L, 4L, 5L);
		assertThat(SseEvents.text(received)).isEqualTo("one two three ");
		UUID userMessage = UUID.fromString(received.getFirst().data().path("user_message_id").asString());
		assertThat(jdbc.queryForObject("select role || ':' || content from chat_messages where id = ?", String.class,
				userMessage))
			.isEqualTo("user:count");
		await().atMost(Duration.ofSeconds(5))
			.until(() -> jdbc.queryForObject(
					"select status || ':' || content from chat_messages where session_id = ?::uuid and role = 'assistant'",
					String.class, session), "complete:one two three "::equals);
	}

	@Test
	void aSendWhoseSessionIsDeletedMeanwhileIs404AndItsUpstreamCallIsAborted() throws Exception {
		String token = JwtTokens.newUser();
		ReplyStreams streams = new ReplyStreams(upstream.service(), token);
		String session = streams.createSession();
		fake.enqueue(Reply.tokens(200, Duration.ofMillis(50)));
		JdbcTemplate jdbc = upstream.service().jdbc();
		CompletableFuture<SseConnection> sent;
		try (Connection lock = jdbc.getDataSource().getConnection()) {
			lock.setAutoCommit(false);
			lockSession(lock, "delete from chat_sessions where id = ?", session);

			sent = CompletableFuture.supplyAsync(() -> streams.send(session, "{\"text\":\"count\"}", Map.of()));
			await().atMost(Duration.ofSeconds(10)).until(() -> fake.calls() == 1);
			lock.commit();
		}
		try (SseConnection refused = sent.get(10, TimeUnit.SECONDS)) {
			assertThat(refused.status()).isEqualTo(404);
			assertThat(refused.header("Content-Type")).startsWith("application/json");
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> fake.aborts() == 1);
		assertThat(messagesIn(jdbc, session)).isZero();
		// the service goes on answering the same user
		ApiClient api = upstream.service().api();
		assertThat(api.get(ReplyStreams.SESSIONS + "/" + session, token).status()).isEqualTo(404);
		fake.enqueue(Reply.text("fine"));
		String next = streams.createSession();
		try (SseConnection stream = streams.send(next, "{\"text\":\"again\"}", Map.of())) {
			assertThat(SseEvents.text(stream.rest())).isEqualTo("fine");
		}
	}

	private static void lockSession(Connection connection, String sql, String session) throws Exception {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setObject(1, UUID.fromString(session));
			statement.execute();
		}
	}

	private static int messagesIn(JdbcTemplate jdbc, String session) {
		return jdbc.queryForObject("select count(*) from chat_messages where session_id = ?::uuid", Integer.class,
				session);
	}

}
