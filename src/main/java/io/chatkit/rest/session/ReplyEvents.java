package io.chatkit.rest.session;

import java.math.BigDecimal;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The JSON data of the reply stream's events.
 */
final class ReplyEvents {

	private ReplyEvents() {
	}

	record Start(UUID sessionId, @Nullable UUID userMessageId, UUID assistantMessageId, @Nullable String model) {
	}

	record Delta(String text) {
	}

	record ToolCall(UUID id, String name, JsonNode arguments) {
	}

	record ToolResult(UUID id, String name, @Nullable JsonNode result, ToolCallStatus status) {
	}

	record Done(UUID assistantMessageId, String finishReason, Usage usage, @Nullable String model) {
	}

	record Usage(@Nullable Integer promptTokens, @Nullable Integer completionTokens, @Nullable BigDecimal costUsd) {
	}

	record Error(String code, String message, boolean retryable) {
	}

}
