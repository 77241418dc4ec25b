package io.chatkit.rest.observability;

import java.util.List;
import java.util.UUID;

import io.chatkit.rest.llm.FakeOpenRouter;
import io.chatkit.rest.llm.FakeOpenRouter.Reply;
import io.chatkit.rest.llm.FakeOpenRouter.ToolCall;
import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.FakeUpstreamService;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.SseEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With every logger at DEBUG and the persistence stack at TRACE, a run of replies, tool
 * calls and database refusals writes no SQL, no bound value and no user text to the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class NoValuesInLogsIntegrationTests {

	private static final String SESSIONS = "/api/v1/chatkit/sessions";

	private static final String MARK = "secretmark" + UUID.randomUUID().toString().substring(0, 8);

	@RegisterExtension
	static final FakeUpstreamService upstream = new FakeUpstreamService().set("logging.level.root", "debug")
		.set("logging.level.org.hibernate", "trace")
		.set("logging.level.org.springframework.orm", "trace")
		.set("logging.level.org.springframework.jdbc", "trace")
		.set("logging.level.org.springframework.transaction", "trace")
		.set("logging.level.io.chatkit", "trace");

	@Test
	void noLogLineCarriesSqlBoundValuesOrUserText(CapturedOutput output) {
		FakeOpenRouter fake = upstream.fake();
		String sub = "user-" + MARK;
		String token = JwtTokens.forUser(sub);
		ApiClient api = upstream.service().api();
		fake.enqueue(
				Reply.toolCalls(new ToolCall("call-" + MARK, "add_task", "{\"title\":\"title " + MARK + "\\u0000\"}"),
						new ToolCall("call2-" + MARK, "update_task",
								"{\"task_id\":\"" + UUID.randomUUID() + "\",\"title\":\"t " + MARK + "\"}"),
						new ToolCall("call3-" + MARK, "add_task", "{\"title\":\"" + "x".repeat(600) + MARK + "\"}")),
				Reply.stream().content("reply " + MARK).finish("stop").usage(5, 5, "123456789012").done());
		String session = api.post(SESSIONS, token, "{\"title\":\"session " + MARK + "\"}")
			.json()
			.path("data")
			.path("id")
			.asString();
		String body = api.post(SESSIONS + "/" + session + "/messages", token, "{\"text\":\"message " + MARK + "\"}")
			.body();
		assertThat(SseEvents.last(SseEvents.parse(body)).name()).isEqualTo("done");
		api.get(SESSIONS + "/" + session, token);
		api.get(SESSIONS + "?x=%ff" + MARK, token);
		api.send("POST", SESSIONS, token, "a=" + MARK + "%ff",
				java.util.Map.of("Content-Type", "application/x-www-form-urlencoded"));
		api.post(SESSIONS, token, "{\"title\":\"" + MARK + "\",\"title\":[" + MARK + "]}");
		String all = output.getAll();
		assertThat(all).contains("Reply").doesNotContain(MARK);
		for (String sql : List.of("insert into", "update chat_", "update tasks", "select cs1_0", "delete from")) {
			assertThat(all.toLowerCase()).doesNotContain(sql);
		}
	}

}
