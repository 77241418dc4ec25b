package io.chatkit.rest.session;

import java.util.List;

import io.chatkit.rest.llm.FakeOpenRouter;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Characters PostgreSQL's {@code text} and {@code jsonb} cannot hold, in every field a
 * reply writes, are stored so that the API returns what was streamed, and a finished
 * reply is never lost to one value the database refuses.
 */
class StoredAsStreamedIntegrationTests {

	private static final String SESSIONS = "/api/v1/chatkit/sessions";

	@RegisterExtension
	static final FakeUpstreamService upstream = new FakeUpstreamService();

	static final FakeOpenRouter fake = upstream.fake();

	@Test
	void nulInToolNamesArgumentsCallIdsResultsTitlesAndTextIsStoredAsStreamed() {
		fake.reset();
		fake.enqueue(
				Reply.toolCalls(new ToolCall("call\u0000one", "add\u0000task", "{\"title\":\"x\\u0000y\"}"),
						new ToolCall("call\u0000two", "add_task",
								"{\"title\":\"milk\\u0000now\",\"description\":\"d\\u0000\\ud800\\ue000\"}"),
						new ToolCall("call\u0000three", "list_tasks", "{\"st\\u0000atus\":\"all\"}")),
				Reply.stream().content("done \u0000 with \uE000 it").finish("stop").usage(5, 5, "0.0001").done());
		String token = JwtTokens.newUser();
		ApiClient api = upstream.service().api();
		String session = api.post(SESSIONS, token, null).json().path("data").path("id").asString();
		Response response = api.post(SESSIONS + "/" + session + "/messages", token,
				"{\"text\":\"nul \\u0000 please\"}");
		List<Event> events = SseEvents.parse(response.body());
		assertThat(SseEvents.last(events).name()).isEqualTo("done");
		List<Event> calls = events.stream().filter((e) -> e.name().equals("tool_call")).toList();
		List<Event> results = events.stream().filter((e) -> e.name().equals("tool_result")).toList();
		assertThat(results.get(1).data().path("status").asString()).isEqualTo("ok");
		assertThat(results.get(2).data().path("result").path("tasks").get(0).path("title").asString())
			.isEqualTo("milk\u0000now");

		JsonNode messages = api.get(SESSIONS + "/" + session, token).json().path("data").path("messages");
		assertThat(messages.get(0).path("content").asString()).isEqualTo("nul \u0000 please");
		JsonNode assistant = messages.get(1);
		assertThat(assistant.path("status").asString()).isEqualTo("complete");
		assertThat(assistant.path("content").asString()).isEqualTo(SseEvents.text(events))
			.isEqualTo("done \u0000 with \uE000 it");
		JsonNode stored = assistant.path("tool_calls");
		assertThat(stored).hasSize(3);
		for (int i = 0; i < 3; i++) {
			assertThat(stored.get(i).path("id")).isEqualTo(calls.get(i).data().path("id"));
			assertThat(stored.get(i).path("name")).isEqualTo(calls.get(i).data().path("name"));
			assertThat(stored.get(i).path("arguments")).isEqualTo(calls.get(i).data().path("arguments"));
			assertThat(stored.get(i).path("result")).isEqualTo(results.get(i).data().path("result"));
			assertThat(stored.get(i).path("status")).isEqualTo(results.get(i).data().path("status"));
		}
		assertThat(stored.get(0).path("name").asString()).isEqualTo("add\u0000task");
		assertThat(stored.get(1).path("arguments").path("description").asString()).isEqualTo("d\u0000\ud800\ue000");
		assertThat(upstream.service()
			.jdbc()
			.queryForObject("select call_id from tool_calls where id = ?::uuid", String.class,
					stored.get(0).path("id").asString()))
			.doesNotContain("\u0000");
	}

	@Test
	void aFinishedReplyWithAValueTheDatabaseRefusesIsStillStoredComplete() {
		fake.reset();
		fake.enqueue(
				Reply.stream().content("kept ").content("anyway").finish("stop").usage(5, 5, "123456789012").done());
		String token = JwtTokens.newUser();
		ApiClient api = upstream.service().api();
		String session = api.post(SESSIONS, token, null).json().path("data").path("id").asString();
		List<Event> events = SseEvents
			.parse(api.post(SESSIONS + "/" + session + "/messages", token, "{\"text\":\"hi\"}").body());
		assertThat(SseEvents.last(events).name()).isEqualTo("done");
		JsonNode assistant = api.get(SESSIONS + "/" + session, token).json().path("data").path("messages").get(1);
		assertThat(assistant.path("status").asString()).isEqualTo("complete");
		assertThat(assistant.path("content").asString()).isEqualTo("kept anyway");
	}

}
