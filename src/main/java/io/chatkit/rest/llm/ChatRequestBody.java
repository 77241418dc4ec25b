package io.chatkit.rest.llm;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the JSON body of a streamed chat completion request. Field names are written out
 * here, not derived from Java names, so the wire format does not follow the application's
 * JSON naming settings.
 */
final class ChatRequestBody {

	private ChatRequestBody() {
	}

	static String write(JsonMapper json, String model, List<LlmMessage> messages, List<Map<String, Object>> tools,
			int maxTokens) {
		ObjectNode body = json.createObjectNode();
		body.put("model", model);
		ArrayNode list = body.putArray("messages");
		for (LlmMessage message : messages) {
			ObjectNode node = list.addObject();
			node.put("role", message.role());
			if (message.content() != null) {
				node.put("content", message.content());
			}
			else {
				node.putNull("content");
			}
			if (!message.toolCalls().isEmpty()) {
				ArrayNode calls = node.putArray("tool_calls");
				for (LlmToolCall call : message.toolCalls()) {
					ObjectNode callNode = calls.addObject();
					callNode.put("id", call.id());
					callNode.put("type", "function");
					callNode.putObject("function").put("name", call.name()).put("arguments", call.arguments());
				}
			}
			if (message.toolCallId() != null) {
				node.put("tool_call_id", message.toolCallId());
			}
		}
		if (!tools.isEmpty()) {
			body.set("tools", json.valueToTree(tools));
		}
		// the most one round can bill: what a budget reservation is sized against
		body.put("max_tokens", maxTokens);
		body.put("stream", true);
		return json.writeValueAsString(body);
	}

}
