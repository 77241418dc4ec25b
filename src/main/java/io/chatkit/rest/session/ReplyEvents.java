package io.chatkit.rest.session;

import java.math.BigDecimal;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * The JSON data of the reply stream's events.
 */
final class ReplyEvents {

	private ReplyEvents() {
	}

	record Start(UUID sessionId, UUID userMessageId, UUID assistantMessageId, String model) {
	}

	record Delta(String text) {
	}

	record ToolCall(UUID id, String name, JsonNode arguments) {
	}

	record ToolResult(UUID id, String name, JsonNode result, String status) {
	}

	record Done(UUID assistantMessageId, String finishReason, Usage usage, String model) {
	}

	record Usage(Integer promptTokens, Integer completionTokens, BigDecimal costUsd) {
	}

	record Error(String code, String message, boolean retryable) {
	}

}
