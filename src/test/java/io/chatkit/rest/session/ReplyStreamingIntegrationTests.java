package io.chatkit.rest.session;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.chatkit.rest.llm.FakeOpenRouter;
import io.chatkit.rest.llm.FakeOpenRouter.Reply;
import io.chatkit.rest.llm.FakeOpenRouter.ToolCall;
import io.chatkit.rest.support.SseEvents;
import io.chatkit.rest.support.SseEvents.Event;
import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.ApiClient.Response;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.ServiceIntegrationTest;
import io.chatkit.rest.web.ApiException;
import io.chatkit.rest.web.ErrorCode;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ServiceIntegrationTest
@TestPropertySource(properties = { "chatkit.llm.api-key=sk-test", "chatkit.llm.model=openai/gpt-4o",
		"chatkit.llm.system-prompt=You are a test assistant.", "chatkit.llm.timeouts.first-byte=1500ms",
		"chatkit.llm.timeouts.chunk-gap=1500ms", "chatkit.llm.retry.initial-backoff=20ms",
		"chatkit.streams.keep-alive=300ms", "chatkit.streams.detach-grace=0s",
		"spring.datasource.hikari.maximum-pool-size=5" })
@DirtiesContext
@Import(ReplyStreamingIntegrationTests.Hooks.class)
class ReplyStreamingIntegrationTests {

	private static final String SESSIONS = "/api/v1/chatkit/sessions";

	static final FakeOpenRouter fake = FakeOpenRouter.start();

	@DynamicPropertySource
	static void upstream(DynamicPropertyRegistry registry) {
		registry.add("chatkit.llm.base-url", fake::baseUrl);
	}

	@AfterAll
	static void stopFake() {
		fake.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MeterRegistry meters;

	@Autowired
	Hooks hooks;

	ApiClient api;

	String aliceId;

	String alice;

	@BeforeEach
	void setUp() {
		fake.reset();
		this.api = new ApiClient(this.port);
		this.aliceId = "alice-" + UUID.randomUUID();
		this.alice = JwtTokens.forUser(this.aliceId);
	}

	private String createSession(String token) {
		Response response = this.api.post(SESSIONS, token, null);
		assertThat(response.status()).isEqualTo(200);
		return response.json().path("data").path("id").asString();
	}

	private Response send(String token, String sessionId, String text) {
		return this.api.post(SESSIONS + "/" + sessionId + "/messages", token,
				"{\"text\":" + tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(text) + "}");
	}

	private List<Event> reply(String sessionId, String text) {
		Response response = send(this.alice, sessionId, text);
		assertThat(response.status()).isEqualTo(200);
		return SseEvents.parse(response.body());
	}

	private Map<String, Object> assistantRow(Event start) {
		return this.jdbc.queryForMap("select * from chat_messages where id = ?::uuid",
				start.data().path("assistant_message_id").asString());
	}

	@Test
	void aReplyStreamsStartDeltasAndDoneWithIdsCountingFromOne() {
		fake.enqueue(Reply.text("Hello", ", ", "world!"));
		String session = createSession(this.alice);
		Response response = send(this.alice, session, "Say hello");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Content-Type")).startsWith("text/event-stream");
		assertThat(response.header("Cache-Control")).isEqualTo("no-cache");
		assertThat(response.header("X-Accel-Buffering")).isEqualTo("no");
		List<Event> events = SseEvents.parse(response.body());
		assertThat(SseEvents.names(events)).containsExactly("start", "delta", "delta", "delta", "done");
		assertThat(events.stream().map(Event::id)).containsExactly(1L, 2L, 3L, 4L, 5L);
		JsonNode start = events.get(0).data();
		assertThat(start.path("session_id").asString()).isEqualTo(session);
		assertThat(start.path("model").asString()).isEqualTo("openai/gpt-4o");
		assertThat(UUID.fromString(start.path("user_message_id").asString())).isNotNull();
		JsonNode done = SseEvents.last(events).data();
		assertThat(done.path("assistant_message_id").asString())
			.isEqualTo(start.path("assistant_message_id").asString());
		assertThat(done.path("finish_reason").asString()).isEqualTo("stop");
		assertThat(done.path("usage").path("prompt_tokens").asInt()).isEqualTo(13);
		assertThat(done.path("usage").path("completion_tokens").asInt()).isEqualTo(16);
		assertThat(done.path("usage").path("cost_usd").decimalValue()).isEqualByComparingTo("0.000093");
	}

	@Test
	void theStoredAssistantMessageEqualsTheConcatenatedDeltasWithUsageAndCost() {
		fake.enqueue(Reply.text("One", " two", " three"));
		String session = createSession(this.alice);
		List<Event> events = reply(session, "Count");
		Map<String, Object> row = assistantRow(events.get(0));
		assertThat(row.get("content")).isEqualTo(SseEvents.text(events)).isEqualTo("One two three");
		assertThat(row.get("status")).isEqualTo("complete");
		assertThat(row.get("model")).isEqualTo("openai/gpt-4o");
		assertThat(row.get("prompt_tokens")).isEqualTo(13);
		assertThat(row.get("completion_tokens")).isEqualTo(16);
		assertThat((BigDecimal) row.get("cost_usd")).isEqualByComparingTo("0.000093");
	}

	@Test
	void theUpstreamSeesTheSystemPromptAndTheConversationSoFar() {
		fake.enqueue(Reply.text("First answer"), Reply.text("Second answer"));
		String session = createSession(this.alice);
		reply(session, "First question");
		reply(session, "Second question");
		JsonNode messages = fake.requests().get(1).body().path("messages");
		assertThat(messages.size()).isEqualTo(4);
		assertThat(messages.get(0).path("role").asString()).isEqualTo("system");
		assertThat(messages.get(0).path("content").asString()).isEqualTo("You are a test assistant.");
		assertThat(messages.get(1).path("content").asString()).isEqualTo("First question");
		assertThat(messages.get(2).path("role").asString()).isEqualTo("assistant");
		assertThat(messages.get(2).path("content").asString()).isEqualTo("First answer");
		assertThat(messages.get(3).path("content").asString()).isEqualTo("Second question");
		assertThat(fake.requests().get(1).body().path("tools").size()).isEqualTo(5);
	}

	@Test
	void theFirstMessageTitlesTheSessionAndEveryMessageBumpsItsUpdatedAt() {
		String session = createSession(this.alice);
		Instant before = Instant.parse(
				this.api.get(SESSIONS + "/" + session, this.alice).json().path("data").path("updated_at").asString());
		reply(session, "  Plan a trip to Lisbon with three museum visits and a day at the beach please  ");
		JsonNode data = this.api.get(SESSIONS + "/" + session, this.alice).json().path("data");
		assertThat(data.path("title").asString())
			.isEqualTo("Plan a trip to Lisbon with three museum visits and a day at ");
		assertThat(Instant.parse(data.path("updated_at").asString())).isAfter(before);
		assertThat(data.path("message_count").asInt()).isEqualTo(2);
	}

	@Test
	void aToolCallRunsAndTheReplyContinuesAsOneAssistantMessageWithSummedUsage() {
		fake.enqueue(Reply.toolCalls(new ToolCall("call_abc", "add_task", "{\"title\":\"Buy milk\"}")),
				Reply.text("Added ", "it."));
		String session = createSession(this.alice);
		List<Event> events = reply(session, "Remind me to buy milk");
		assertThat(SseEvents.names(events)).containsExactly("start", "tool_call", "tool_result", "delta", "delta",
				"done");
		Event call = events.get(1);
		Event result = events.get(2);
		assertThat(call.data().path("name").asString()).isEqualTo("add_task");
		assertThat(call.data().path("arguments").path("title").asString()).isEqualTo("Buy milk");
		assertThat(result.data().path("id").asString()).isEqualTo(call.data().path("id").asString());
		assertThat(result.data().path("status").asString()).isEqualTo("ok");
		String taskId = result.data().path("result").path("task_id").asString();
		assertThat(this.jdbc.queryForObject("select title from tasks where id = ?::uuid and user_id = ?", String.class,
				taskId, this.aliceId))
			.isEqualTo("Buy milk");
		JsonNode done = SseEvents.last(events).data().path("usage");
		assertThat(done.path("prompt_tokens").asInt()).isEqualTo(33);
		assertThat(done.path("completion_tokens").asInt()).isEqualTo(26);
		assertThat(done.path("cost_usd").decimalValue()).isEqualByComparingTo("0.000143");

		JsonNode followUp = fake.requests().get(1).body().path("messages");
		JsonNode assistant = followUp.get(followUp.size() - 2);
		assertThat(assistant.path("tool_calls").get(0).path("id").asString()).isEqualTo("call_abc");
		JsonNode tool = followUp.get(followUp.size() - 1);
		assertThat(tool.path("role").asString()).isEqualTo("tool");
		assertThat(tool.path("tool_call_id").asString()).isEqualTo("call_abc");
		assertThat(tool.path("content").asString()).contains(taskId);

		JsonNode messages = this.api.get(SESSIONS + "/" + session, this.alice).json().path("data").path("messages");
		assertThat(messages.size()).isEqualTo(2);
		JsonNode stored = messages.get(1);
		assertThat(stored.path("content").asString()).isEqualTo("Added it.");
		assertThat(stored.path("tool_calls").size()).isEqualTo(1);
		JsonNode storedCall = stored.path("tool_calls").get(0);
		assertThat(storedCall.path("id").asString()).isEqualTo(call.data().path("id").asString());
		assertThat(storedCall.path("name").asString()).isEqualTo("add_task");
		assertThat(storedCall.path("arguments").path("title").asString()).isEqualTo("Buy milk");
		assertThat(storedCall.path("result").path("task_id").asString()).isEqualTo(taskId);
		assertThat(storedCall.path("status").asString()).isEqualTo("ok");
		assertThat(this.meters.counter("chatkit.tool.calls", "tool", "add_task", "status", "ok").count())
			.isGreaterThanOrEqualTo(1);
	}

	@Test
	void toolsNeverSeeOrTouchAnotherUsersTasks() {
		UUID bobsTask = UUID.randomUUID();
		this.jdbc.update(
				"insert into tasks (id, user_id, title, completed, created_at, updated_at) values (?, 'bob', 'Bob''s secret', false, now(), now())",
				bobsTask);
		fake.enqueue(Reply.toolCalls(new ToolCall("c1", "list_tasks", "{}"),
				new ToolCall("c2", "complete_task", "{\"task_id\":\"" + bobsTask + "\"}"),
				new ToolCall("c3", "update_task", "{\"task_id\":\"" + bobsTask + "\",\"title\":\"mine\"}"),
				new ToolCall("c4", "delete_task", "{\"task_id\":\"" + bobsTask + "\"}")), Reply.text("Done."));
		String session = createSession(this.alice);
		List<Event> events = reply(session, "Mess with bob's tasks");
		List<Event> results = events.stream().filter((e) -> e.name().equals("tool_result")).toList();
		assertThat(results).hasSize(4);
		assertThat(results.get(0).data().path("status").asString()).isEqualTo("ok");
		assertThat(results.get(0).data().path("result").path("tasks").size()).isZero();
		for (Event result : results.subList(1, 4)) {
			assertThat(result.data().path("status").asString()).isEqualTo("error");
			assertThat(result.data().path("result").path("error").asString()).contains("not found");
		}
		assertThat(SseEvents.last(events).name()).isEqualTo("done");
		Map<String, Object> row = this.jdbc.queryForMap("select * from tasks where id = ?", bobsTask);
		assertThat(row.get("title")).isEqualTo("Bob's secret");
		assertThat(row.get("completed")).isEqualTo(false);
	}

	@Test
	void unknownToolsAndMalformedArgumentsGiveErrorResultsAndTheReplyGoesOn() {
		fake.enqueue(Reply.toolCalls(new ToolCall("c1", "launch_rocket", "{}"),
				new ToolCall("c2", "add_task", "{\"title\": oops")), Reply.text("Sorry."));
		String session = createSession(this.alice);
		List<Event> events = reply(session, "Do things");
		List<Event> results = events.stream().filter((e) -> e.name().equals("tool_result")).toList();
		assertThat(results).extracting((e) -> e.data().path("status").asString()).containsExactly("error", "error");
		Event malformedCall = events.stream().filter((e) -> e.name().equals("tool_call")).toList().get(1);
		assertThat(malformedCall.data().path("arguments").isObject()).isTrue();
		assertThat(SseEvents.last(events).name()).isEqualTo("done");
		assertThat(SseEvents.text(events)).isEqualTo("Sorry.");
		assertThat(this.meters.counter("chatkit.tool.calls", "tool", "unknown", "status", "error").count())
			.isGreaterThanOrEqualTo(1);
	}

	@Test
	void twoServiceUnavailableAnswersAreRetriedAndTheThirdSucceeds() {
		fake.enqueue(Reply.status(503, "No provider"), Reply.status(503, "No provider"), Reply.text("Finally"));
		List<Event> events = reply(createSession(this.alice), "Hi");
		assertThat(SseEvents.names(events)).containsExactly("start", "delta", "done");
		assertThat(fake.calls()).isEqualTo(3);
	}

	@Test
	void threeServiceUnavailableAnswersEndInAnErrorEventAfterStartAndAStoredError() {
		fake.fallback((request) -> Reply.status(503, "No provider"));
		List<Event> events = reply(createSession(this.alice), "Hi");
		assertThat(SseEvents.names(events)).containsExactly("start", "error");
		JsonNode error = events.get(1).data();
		assertThat(error.path("code").asString()).isEqualTo("upstream_error");
		assertThat(error.path("retryable").asBoolean()).isTrue();
		assertThat(error.path("message").asString()).isNotBlank();
		assertThat(fake.calls()).isEqualTo(3);
		Map<String, Object> row = assistantRow(events.get(0));
		assertThat(row.get("status")).isEqualTo("error");
		assertThat(row.get("content")).isEqualTo("");
	}

	@Test
	void nothingIsRetriedAfterTheFirstTokenAndTheTextSoFarIsKept() {
		fake.enqueue(Reply.stream().content("Half a ").content("thought").errorChunk("502", "Provider returned error"),
				Reply.text("never sent"));
		List<Event> events = reply(createSession(this.alice), "Hi");
		assertThat(SseEvents.names(events)).containsExactly("start", "delta", "delta", "error");
		assertThat(SseEvents.last(events).data().path("code").asString()).isEqualTo("upstream_error");
		assertThat(fake.calls()).isEqualTo(1);
		Map<String, Object> row = assistantRow(events.get(0));
		assertThat(row.get("status")).isEqualTo("error");
		assertThat(row.get("content")).isEqualTo(SseEvents.text(events)).isEqualTo("Half a thought");
	}

	@Test
	void aStringErrorCodeMidStreamIsAnUpstreamError() {
		fake.enqueue(Reply.stream().content("a").errorChunk("\"server_error\"", "Overloaded"));
		List<Event> events = reply(createSession(this.alice), "Hi");
		assertThat(SseEvents.last(events).data().path("code").asString()).isEqualTo("upstream_error");
	}

	@Test
	void anUpstreamThatHangsEndsInAnUpstreamTimeout() {
		fake.enqueue(Reply.stream().content("Thinking").hang());
		List<Event> events = reply(createSession(this.alice), "Hi");
		assertThat(SseEvents.names(events)).containsExactly("start", "delta", "error");
		assertThat(SseEvents.last(events).data().path("code").asString()).isEqualTo("upstream_timeout");
		assertThat(assistantRow(events.get(0)).get("content")).isEqualTo("Thinking");
	}

	@Test
	void aRejectedKeyIsUpstreamUnauthorizedAndMissingCreditsAreInsufficientCredits() {
		fake.enqueue(Reply.status(401, "No auth credentials found"), Reply.status(402, "Insufficient credits"));
		String session = createSession(this.alice);
		JsonNode unauthorized = SseEvents.last(reply(session, "Hi")).data();
		assertThat(unauthorized.path("code").asString()).isEqualTo("upstream_unauthorized");
		assertThat(unauthorized.path("retryable").asBoolean()).isFalse();
		JsonNode credits = SseEvents.last(reply(session, "Hi again")).data();
		assertThat(credits.path("code").asString()).isEqualTo("insufficient_credits");
		assertThat(fake.calls()).isEqualTo(2);
	}

	@Test
	void whenTheClientGoesAwayTheUpstreamIsCancelledAndThePartialReplyIsKept() throws Exception {
		String[] words = new String[300];
		Arrays.fill(words, "word ");
		fake.enqueue(Reply.text(words).delayEachChunk(Duration.ofMillis(50)));
		String session = createSession(this.alice);
		byte[] body = "{\"text\":\"Tell me a long story\"}".getBytes(StandardCharsets.UTF_8);
		String assistantId;
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("POST " + SESSIONS + "/" + session + "/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n"
					+ "Authorization: Bearer " + this.alice + "\r\nContent-Type: application/json\r\n"
					+ "Content-Length: " + body.length + "\r\n\r\n")
				.getBytes(StandardCharsets.UTF_8));
			out.write(body);
			out.flush();
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
			assistantId = null;
			int deltas = 0;
			String line;
			while (deltas < 3 && (line = in.readLine()) != null) {
				if (line.startsWith("data: {\"session_id\"")) {
					assistantId = SseEvents.parse("event: start\nid: 1\n" + line)
						.get(0)
						.data()
						.path("assistant_message_id")
						.asString();
				}
				if (line.equals("event: delta")) {
					deltas++;
				}
			}
		}
		long closedAt = System.nanoTime();
		await().atMost(Duration.ofSeconds(2)).until(() -> fake.aborts() == 1);
		assertThat(Duration.ofNanos(System.nanoTime() - closedAt)).isLessThan(Duration.ofSeconds(2));
		String id = assistantId;
		await().atMost(Duration.ofSeconds(5))
			.until(() -> "partial".equals(
					this.jdbc.queryForObject("select status from chat_messages where id = ?::uuid", String.class, id))
					&& this.hooks.finished.stream().anyMatch((f) -> f.assistantMessageId().toString().equals(id)));
		String content = this.jdbc.queryForObject("select content from chat_messages where id = ?::uuid", String.class,
				id);
		assertThat(content).startsWith("word word word ");
		assertThat(content.length()).isLessThan(300 * 5);
	}

	@Test
	void aQuietUpstreamGetsKeepAliveCommentsToTheClient() {
		fake.enqueue(Reply.stream().content("a").pause(Duration.ofMillis(1000)).content("b").finish("stop").done());
		Response response = send(this.alice, createSession(this.alice), "Hi");
		assertThat(response.body()).contains("\n: keep-alive\n\n");
		assertThat(SseEvents.text(SseEvents.parse(response.body()))).isEqualTo("ab");
	}

	@Test
	void invalidMessagesAreOrdinaryJsonErrorsAndNeverReachTheUpstream() {
		String session = createSession(this.alice);
		Response empty = send(this.alice, session, "   ");
		assertThat(empty.status()).isEqualTo(400);
		assertThat(empty.errorCode()).isEqualTo("validation_failed");
		Response tooLong = send(this.alice, session, "x".repeat(4001));
		assertThat(tooLong.status()).isEqualTo(400);
		assertThat(tooLong.errorCode()).isEqualTo("validation_failed");
		Response unknown = send(this.alice, UUID.randomUUID().toString(), "Hi");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.errorCode()).isEqualTo("not_found");
		Response foreign = send(JwtTokens.newUser(), session, "Hi");
		assertThat(foreign.status()).isEqualTo(403);
		assertThat(foreign.errorCode()).isEqualTo("forbidden");
		assertThat(fake.calls()).isZero();
	}

	@Test
	void aRefusingAdmissionAnswersBeforeTheStreamAndStoresNothing() {
		String blocked = JwtTokens.forUser("blocked-" + UUID.randomUUID());
		String session = createSession(blocked);
		Response response = send(blocked, session, "Hi");
		assertThat(response.status()).isEqualTo(429);
		assertThat(response.errorCode()).isEqualTo("budget_exceeded");
		assertThat(this.jdbc.queryForObject("select count(*) from chat_messages where session_id = ?::uuid",
				Integer.class, session))
			.isZero();
		assertThat(fake.calls()).isZero();
	}

	@Test
	void aFinishedReplyIsPublishedWithItsCostAndCounted() {
		double before = this.meters
			.counter("chatkit.llm.requests", "model", "openai/gpt-4o", "outcome", "success", "upstream", "primary")
			.count();
		fake.enqueue(Reply.text("Hi"));
		List<Event> events = reply(createSession(this.alice), "Hi");
		String assistantId = events.get(0).data().path("assistant_message_id").asString();
		ReplyFinished finished = this.hooks.finished.stream()
			.filter((f) -> f.assistantMessageId().toString().equals(assistantId))
			.findFirst()
			.orElseThrow();
		assertThat(finished.userId()).isEqualTo(this.aliceId);
		assertThat(finished.status()).isEqualTo(MessageStatus.COMPLETE);
		assertThat(finished.costUsd()).isEqualByComparingTo("0.000093");
		assertThat(finished.promptTokens()).isEqualTo(13);
		assertThat(this.meters
			.counter("chatkit.llm.requests", "model", "openai/gpt-4o", "outcome", "success", "upstream", "primary")
			.count()).isEqualTo(before + 1);
		assertThat(this.meters.get("chatkit.streams.active").gauge().value()).isZero();
		assertThat(this.meters.get("chatkit.llm.time.to.first.token").timer().count()).isPositive();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Hooks {

		final List<ReplyFinished> finished = new CopyOnWriteArrayList<>();

		@Bean
		ReplyAdmission refuseBlockedUsers() {
			return (userId) -> {
				if (userId.startsWith("blocked-")) {
					throw new ApiException(ErrorCode.BUDGET_EXCEEDED, "Daily budget spent");
				}
			};
		}

		@EventListener
		void replyFinished(ReplyFinished event) {
			this.finished.add(event);
		}

	}

}
