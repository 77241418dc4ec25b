package io.chatkit.rest.dev;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import io.chatkit.rest.llm.FakeOpenRouter.Reply;
import io.chatkit.rest.llm.FakeOpenRouter.ToolCall;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The offline demo model: answers every request with text that says it is an offline
 * demo, streamed word by word, and calls the to-do tools when the user mentions a task or
 * todo, so the whole streaming and tool path can be tried without an upstream key.
 */
final class DemoModel implements Function<JsonNode, Reply> {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration WORD_DELAY = Duration.ofMillis(40);

	@Override
	public Reply apply(JsonNode request) {
		JsonNode messages = request.path("messages");
		JsonNode last = messages.path(messages.size() - 1);
		boolean toolsOffered = request.path("tools").size() > 0;
		if ("tool".equals(last.path("role").asString())) {
			return words("[offline demo] The tool answered: " + last.path("content").asString());
		}
		String text = last.path("content").asString();
		String lower = text.toLowerCase(Locale.ROOT);
		if (toolsOffered && (lower.contains("task") || lower.contains("todo") || lower.contains("to-do"))) {
			if (lower.contains("list") || lower.contains("show") || lower.contains("what")) {
				return Reply.toolCalls(new ToolCall("call_demo_list", "list_tasks", "{\"status\":\"all\"}"));
			}
			String title = text.strip();
			title = title.substring(0, Math.min(60, title.length()));
			return Reply.toolCalls(
					new ToolCall("call_demo_add", "add_task", "{\"title\":" + JSON.writeValueAsString(title) + "}"));
		}
		return words("[offline demo] This is the offline demo model, not a real LLM: no OPENROUTER_API_KEY is set. "
				+ "You said: \"" + text + "\". Mention a task or todo to see a tool call.");
	}

	private static Reply words(String text) {
		Reply reply = Reply.stream().delayEachChunk(WORD_DELAY);
		List<String> pieces = new ArrayList<>();
		for (String word : text.split("(?<= )")) {
			pieces.add(word);
		}
		pieces.forEach(reply::content);
		return reply.finish("stop").usage(text.length() / 4, pieces.size(), "0").done();
	}

}
