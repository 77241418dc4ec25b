package io.chatkit.rest.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class RequestFitTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static String write(List<LlmMessage> messages) {
		return ChatRequestBody.write(JSON, "m", messages, List.<Map<String, Object>>of(), 4096);
	}

	@Test
	void aBodyThatFitsIsSentAsItIs() {
		List<LlmMessage> messages = List.of(LlmMessage.system("s"), LlmMessage.user("hi"));
		assertThat(RequestFit.fit(messages, RequestFitTests::write, 10_000)).isEqualTo(write(messages));
	}

	@Test
	void theOldestContextGoesFirstAndTheSystemPromptAndCurrentTurnStay() {
		List<LlmMessage> messages = new ArrayList<>(List.of(LlmMessage.system("sys")));
		for (int i = 0; i < 10; i++) {
			messages.add(LlmMessage.user("old question " + i + " " + "q".repeat(1000)));
			messages.add(LlmMessage.assistant("old answer " + i + " " + "a".repeat(1000)));
		}
		messages.add(LlmMessage.user("now"));
		String body = RequestFit.fit(messages, RequestFitTests::write, 5_000);
		assertThat(body.length()).isLessThanOrEqualTo(5_000);
		JsonNode sent = JSON.readTree(body).path("messages");
		assertThat(sent.get(0).path("content").asString()).isEqualTo("sys");
		assertThat(sent.get(sent.size() - 1).path("content").asString()).isEqualTo("now");
		assertThat(sent.get(sent.size() - 2).path("content").asString()).startsWith("old answer 9");
		assertThat(sent.get(1).path("content").asString()).doesNotStartWith("old question 0");
	}

	@Test
	void thenTheLongestToolResultsAreCut() {
		List<LlmMessage> messages = new ArrayList<>(List.of(LlmMessage.user("list them")));
		List<LlmToolCall> calls = List.of(new LlmToolCall("c1", "list_tasks", "{}"),
				new LlmToolCall("c2", "list_tasks", "{}"));
		messages.add(LlmMessage.assistantCalling(null, calls));
		messages.add(LlmMessage.toolResult("c1", "{\"x\":\"" + "1".repeat(3000) + "\"}"));
		messages.add(LlmMessage.toolResult("c2", "{\"x\":\"" + "2".repeat(6000) + "\"}"));
		String body = RequestFit.fit(messages, RequestFitTests::write, 4_000);
		assertThat(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4_000);
		JsonNode sent = JSON.readTree(body).path("messages");
		assertThat(sent).hasSize(4);
		assertThat(sent.get(1).path("tool_calls")).hasSize(2);
		assertThat(sent.get(2).path("content").asString()).contains("1".repeat(3000));
		assertThat(sent.get(3).path("content").asString()).isEqualTo(RequestFit.CUT_RESULT);
	}

	@Test
	void bytesAreCountedAsUtf8() {
		List<LlmMessage> messages = List.of(LlmMessage.user("old " + "é".repeat(2000)), LlmMessage.user("now"));
		String body = RequestFit.fit(messages, RequestFitTests::write, 3_000);
		assertThat(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(3_000);
	}

	@Test
	void charactersOutsideTheBmpCountAsFourBytes() {
		List<LlmMessage> messages = List.of(LlmMessage.user("old " + "😀".repeat(1000)), LlmMessage.user("now"));
		assertThat(write(messages).length()).isLessThan(3_000);
		String body = RequestFit.fit(messages, RequestFitTests::write, 3_000);
		assertThat(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(3_000);
		JsonNode sent = JSON.readTree(body).path("messages");
		assertThat(sent).hasSize(1);
		assertThat(sent.get(0).path("content").asString()).isEqualTo("now");
	}

	@Test
	void aCurrentTurnTooLargeToFitIsStillSentWholeWithTheSystemPrompt() {
		List<LlmMessage> messages = List.of(LlmMessage.system("sys"), LlmMessage.user("old"),
				LlmMessage.user("x".repeat(5_000)));
		String body = RequestFit.fit(messages, RequestFitTests::write, 1_000);
		assertThat(body).isEqualTo(write(List.of(LlmMessage.system("sys"), LlmMessage.user("x".repeat(5_000)))));
	}

	@Test
	void aToolResultNoLongerThanTheMarkerIsNotCut() {
		List<LlmMessage> messages = List.of(LlmMessage.user("go"),
				LlmMessage.assistantCalling(null, List.of(new LlmToolCall("c1", "list_tasks", "{}"))),
				LlmMessage.toolResult("c1", "{\"tasks\":[]}"));
		String body = RequestFit.fit(messages, RequestFitTests::write, 10);
		assertThat(body).isEqualTo(write(messages));
	}

}
