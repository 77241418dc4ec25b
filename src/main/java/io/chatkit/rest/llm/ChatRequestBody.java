package io.chatkit.rest.llm;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
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
		return write(json, model, List.of(), null, messages, tools, maxTokens);
	}

	/**
	 * Writes a request naming OpenRouter's model fallbacks and provider preferences too.
	 * @param fallbackModels tried after {@code model}; none leaves {@code models} out
	 * @param provider the {@code provider} object, {@code null} or empty to leave it out
	 * @param maxTokens the {@code max_tokens} bound on the completion
	 */
	static String write(JsonMapper json, String model, List<String> fallbackModels,
			RoutingProperties.@Nullable Provider provider, List<LlmMessage> messages, List<Map<String, Object>> tools,
			int maxTokens) {
		ObjectNode body = json.createObjectNode();
		body.put("model", model);
		if (!fallbackModels.isEmpty()) {
			ArrayNode models = body.putArray("models");
			models.add(model);
			fallbackModels.forEach(models::add);
		}
		if (provider != null && !provider.isEmpty()) {
			provider(body.putObject("provider"), provider);
		}
		ArrayNode list = body.putArray("messages");
		for (LlmMessage message : messages) {
			ObjectNode node = list.addObject();
			node.put("role", message.role().wireName());
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

	private static void provider(ObjectNode node, RoutingProperties.Provider provider) {
		if (!provider.order().isEmpty()) {
			ArrayNode order = node.putArray("order");
			provider.order().forEach(order::add);
		}
		if (provider.allowFallbacks() != null) {
			node.put("allow_fallbacks", provider.allowFallbacks());
		}
		if (provider.dataCollection() != null) {
			node.put("data_collection", provider.dataCollection().name().toLowerCase(Locale.ROOT));
		}
		if (provider.zdr() != null) {
			node.put("zdr", provider.zdr());
		}
		if (provider.sort() != null) {
			node.put("sort", provider.sort().name().toLowerCase(Locale.ROOT));
		}
	}

}
