package io.chatkit.rest.llm;

import tools.jackson.databind.JsonNode;

/**
 * Reads OpenRouter's error objects, {@code {"code": …, "message": …, "metadata": …}},
 * whose code may be a number or a string.
 */
final class OpenRouterErrors {

	private static final int MAX_MESSAGE = 300;

	private OpenRouterErrors() {
	}

	static String describe(JsonNode error) {
		String message = error.path("message").stringValue(null);
		JsonNode code = error.path("code");
		String codeText = code.isNumber() ? code.asString() : code.stringValue(null);
		StringBuilder out = new StringBuilder();
		out.append((message != null && !message.isBlank()) ? truncate(message.strip()) : "unknown error");
		if (codeText != null && !codeText.isBlank()) {
			out.append(" (code ").append(codeText).append(')');
		}
		return out.toString();
	}

	private static String truncate(String text) {
		return (text.length() <= MAX_MESSAGE) ? text : text.substring(0, MAX_MESSAGE) + "…";
	}

}
