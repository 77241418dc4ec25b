package io.chatkit.rest.dev;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.chatkit.rest.dev.DemoPhrases.Intent;
import io.chatkit.rest.llm.FakeOpenRouter.Reply;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The offline demo model: a small rule-based assistant (not an LLM, and it says so) that
 * recognises add / list / complete / update / delete in plain phrasing, calls the
 * matching to-do tool (listing first when it needs a task's id), and answers in a
 * sentence, streamed word by word, at zero cost. It speaks OpenRouter's chunk format, so
 * replies travel the production path.
 */
final class DemoModel implements Function<JsonNode, Reply> {

	static final String MODEL = "offline-demo";

	static final String LABEL = "(Offline demo model: rule-based, not an LLM.)";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration WORD_DELAY = Duration.ofMillis(40);

	@Override
	public Reply apply(JsonNode request) {
		JsonNode messages = request.path("messages");
		int lastUser = lastUserIndex(messages);
		String text = (lastUser >= 0) ? messages.path(lastUser).path("content").asString("") : "";
		Intent intent = DemoPhrases.intent(text);
		if (intent == Intent.CHAT) {
			return words("Hello! I am the offline demo model: a few rules, not a real LLM, answering because no "
					+ "OPENROUTER_API_KEY is set. I can keep your to-do list: try “add buy milk”, “show my tasks”, "
					+ "“mark buy milk as done”, “rename buy milk to buy oat milk” or “delete buy milk”.");
		}
		if (request.path("tools").isEmpty()) {
			return words("The to-do tools are switched off here, so I cannot change your list. " + LABEL);
		}
		JsonNode last = messages.path(messages.size() - 1);
		if (!"tool".equals(last.path("role").asString())) {
			return firstStep(intent, text);
		}
		String tool = toolName(messages, last.path("tool_call_id").asString());
		JsonNode result = JSON.readTree(last.path("content").asString("{}"));
		if (result.has("error")) {
			return words("That did not work: " + result.path("error").asString() + ". " + LABEL);
		}
		if ("list_tasks".equals(tool) && intent != Intent.LIST) {
			return secondStep(intent, text, result);
		}
		return words(DemoAnswers.sentence(tool, result) + " " + LABEL);
	}

	private static Reply firstStep(Intent intent, String text) {
		ObjectNode arguments = JSON.createObjectNode();
		return switch (intent) {
			case ADD -> {
				String title = DemoPhrases.newTitle(text);
				yield title.isEmpty() ? words("What should the task be called? Try “add buy milk”. " + LABEL)
						: toolCall("add_task", arguments.put("title", title));
			}
			case LIST -> toolCall("list_tasks", arguments.put("status", DemoPhrases.listStatus(text)));
			case COMPLETE, UPDATE, DELETE -> toolCall("list_tasks", arguments.put("status", "all"));
			case CHAT -> throw new IllegalStateException("chat needs no tool");
		};
	}

	private static Reply secondStep(Intent intent, String text, JsonNode listing) {
		String target = DemoPhrases.target(text);
		JsonNode task = best(listing.path("tasks"), target);
		if (task == null) {
			return words("I could not find a task like “" + target + "” on your list. " + LABEL);
		}
		ObjectNode arguments = JSON.createObjectNode().put("task_id", task.path("task_id").asString());
		return switch (intent) {
			case COMPLETE -> toolCall("complete_task", arguments);
			case DELETE -> toolCall("delete_task", arguments);
			case UPDATE -> {
				String title = DemoPhrases.renamedTo(text);
				yield (title == null)
						? words("What should “" + task.path("title").asString()
								+ "” be called instead? Try “rename buy milk to buy oat milk”. " + LABEL)
						: toolCall("update_task", arguments.put("title", title));
			}
			case ADD, LIST, CHAT -> throw new IllegalStateException(intent + " needs no second step");
		};
	}

	private static @Nullable JsonNode best(JsonNode tasks, String target) {
		JsonNode best = null;
		int bestScore = 0;
		for (JsonNode task : tasks) {
			int score = DemoPhrases.score(task.path("title").asString(), target);
			if (score > bestScore) {
				best = task;
				bestScore = score;
			}
		}
		return best;
	}

	private static int lastUserIndex(JsonNode messages) {
		for (int i = messages.size() - 1; i >= 0; i--) {
			if ("user".equals(messages.path(i).path("role").asString())) {
				return i;
			}
		}
		return -1;
	}

	private static String toolName(JsonNode messages, String callId) {
		for (JsonNode message : messages) {
			for (JsonNode call : message.path("tool_calls")) {
				if (callId.equals(call.path("id").asString())) {
					return call.path("function").path("name").asString();
				}
			}
		}
		return "";
	}

	private static Reply toolCall(String name, ObjectNode arguments) {
		String id = "call_demo_" + name;
		return Reply.stream()
			.chunk(chunk(JSON.createObjectNode()
				.put("role", "assistant")
				.set("tool_calls",
						JSON.createArrayNode()
							.add(JSON.createObjectNode()
								.put("index", 0)
								.put("id", id)
								.put("type", "function")
								.set("function",
										JSON.createObjectNode()
											.put("name", name)
											.put("arguments", JSON.writeValueAsString(arguments))))),
					null))
			.chunk(chunk(JSON.createObjectNode(), "tool_calls"))
			.chunk(usage(20, 10))
			.done();
	}

	private static Reply words(String text) {
		Reply reply = Reply.stream().delayEachChunk(WORD_DELAY);
		List<String> pieces = new ArrayList<>(List.of(text.split("(?<= )")));
		for (String piece : pieces) {
			reply.chunk(chunk(JSON.createObjectNode().put("role", "assistant").put("content", piece), null));
		}
		return reply.chunk(chunk(JSON.createObjectNode(), "stop"))
			.chunk(usage(text.length() / 4, pieces.size()))
			.done();
	}

	private static String chunk(ObjectNode delta, @Nullable String finishReason) {
		ObjectNode chunk = JSON.createObjectNode()
			.put("id", "gen-offline-demo")
			.put("object", "chat.completion.chunk")
			.put("model", MODEL);
		ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
		choice.set("delta", delta);
		choice.put("finish_reason", finishReason);
		return JSON.writeValueAsString(chunk);
	}

	private static String usage(int prompt, int completion) {
		ObjectNode chunk = JSON.createObjectNode().put("id", "gen-offline-demo").put("model", MODEL);
		chunk.putArray("choices");
		chunk.putObject("usage")
			.put("prompt_tokens", prompt)
			.put("completion_tokens", completion)
			.put("total_tokens", prompt + completion)
			.put("cost", 0);
		return JSON.writeValueAsString(chunk);
	}

}
