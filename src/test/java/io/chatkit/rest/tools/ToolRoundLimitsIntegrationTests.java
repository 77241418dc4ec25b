package io.chatkit.rest.tools;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import io.chatkit.rest.llm.FakeOpenRouter;
import io.chatkit.rest.llm.FakeOpenRouter.Recorded;
import io.chatkit.rest.llm.FakeOpenRouter.Reply;
import io.chatkit.rest.llm.FakeOpenRouter.ToolCall;
import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.ApiClient.Response;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.FakeUpstreamService;
import io.chatkit.rest.support.SseEvents;
import io.chatkit.rest.support.SseEvents.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tool round the model makes as large as it likes stays bounded: 16 calls run, each
 * result fits its cap, and the next upstream request stays under
 * {@code chatkit.llm.max-request-bytes}.
 */
class ToolRoundLimitsIntegrationTests {

	private static final String SESSIONS = "/api/v1/chatkit/sessions";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int MAX_REQUEST_BYTES = 384 * 1024;

	@RegisterExtension
	static final FakeUpstreamService upstream = new FakeUpstreamService();

	static final FakeOpenRouter fake = upstream.fake();

	private static List<Event> reply(String sub, String text) {
		ApiClient api = upstream.service().api();
		String token = JwtTokens.forUser(sub);
		String session = api.post(SESSIONS, token, null).json().path("data").path("id").asString();
		Response response = api.post(SESSIONS + "/" + session + "/messages", token,
				"{\"text\":" + JSON.writeValueAsString(text) + "}");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return SseEvents.parse(response.body());
	}

	@Test
	void aThousandCallRoundRuns16AndTheNextRequestStaysBounded() {
		String sub = "hoarder-" + UUID.randomUUID();
		String description = "x".repeat(4000);
		ToolCall[] calls = IntStream.range(0, 1000)
			.mapToObj((i) -> new ToolCall("call_" + i, "add_task",
					"{\"title\":\"task " + i + "\",\"description\":\"" + description + "\"}"))
			.toArray(ToolCall[]::new);
		fake.reset();
		fake.enqueue(Reply.toolCalls(calls), Reply.text("added"));
		List<Event> events = reply(sub, "add a thousand tasks");
		List<Event> results = events.stream().filter((e) -> e.name().equals("tool_result")).toList();
		assertThat(results).hasSize(1000);
		assertThat(results.subList(0, 16))
			.allSatisfy((e) -> assertThat(e.data().path("status").asString()).isEqualTo("ok"));
		assertThat(results.subList(16, 1000)).allSatisfy((e) -> {
			assertThat(e.data().path("status").asString()).isEqualTo("error");
			assertThat(e.data().path("result").path("error").asString()).isEqualTo("too many tool calls in one round");
		});
		assertThat(SseEvents.last(events).name()).isEqualTo("done");
		assertThat(upstream.service()
			.jdbc()
			.queryForObject("select count(*) from tasks where user_id = ?", Integer.class, sub)).isEqualTo(16);
		Recorded followUp = fake.requests().get(1);
		assertThat(bytes(followUp.body())).isLessThanOrEqualTo(MAX_REQUEST_BYTES);
		JsonNode messages = followUp.body().path("messages");
		JsonNode assistant = messages.get(messages.size() - 17);
		assertThat(assistant.path("tool_calls")).hasSize(16);
		assertThat(messages.get(messages.size() - 1).path("tool_call_id").asString()).isEqualTo("call_15");
	}

	@Test
	void manyListingsOfBigTasksKeepEveryResultAndTheRequestBounded() {
		String sub = "lister-" + UUID.randomUUID();
		upstream.service()
			.jdbc()
			.update("insert into tasks (id, user_id, title, description, completed, created_at, updated_at) "
					+ "select gen_random_uuid(), ?, 'task ' || g, repeat('y', 4000), false, now(), now() "
					+ "from generate_series(1, 300) g", sub);
		ToolCall[] calls = IntStream.range(0, 60)
			.mapToObj((i) -> new ToolCall("list_" + i, "list_tasks", "{}"))
			.toArray(ToolCall[]::new);
		fake.reset();
		fake.enqueue(Reply.toolCalls(calls), Reply.toolCalls(calls), Reply.text("listed"));
		List<Event> events = reply(sub, "list everything, twice");
		List<Event> results = events.stream()
			.filter((e) -> e.name().equals("tool_result") && e.data().path("status").asString().equals("ok"))
			.toList();
		assertThat(results).hasSize(32);
		assertThat(results).allSatisfy((e) -> {
			assertThat(JSON.writeValueAsString(e.data().path("result")).length()).isLessThanOrEqualTo(16000);
			assertThat(e.data().path("result").path("truncated").asBoolean()).isTrue();
			assertThat(e.data().path("result").path("more").asBoolean()).isTrue();
		});
		assertThat(SseEvents.last(events).name()).isEqualTo("done");
		assertThat(fake.requests()).hasSize(3);
		assertThat(fake.requests())
			.allSatisfy((request) -> assertThat(bytes(request.body())).isLessThanOrEqualTo(MAX_REQUEST_BYTES));
	}

	private static int bytes(JsonNode body) {
		return JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8).length;
	}

}
