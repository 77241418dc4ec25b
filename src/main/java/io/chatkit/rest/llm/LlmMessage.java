package io.chatkit.rest.llm;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One message of the context sent upstream.
 *
 * @param role who wrote it
 * @param content text, {@code null} for an assistant message that only calls tools
 * @param toolCalls the tools an assistant message called, empty otherwise
 * @param toolCallId the call a {@code tool} message answers, {@code null} otherwise
 */
public record LlmMessage(LlmRole role, @Nullable String content, List<LlmToolCall> toolCalls,
		@Nullable String toolCallId) {

	public LlmMessage {
		toolCalls = (toolCalls != null) ? List.copyOf(toolCalls) : List.of();
	}

	public static LlmMessage system(String content) {
		return new LlmMessage(LlmRole.SYSTEM, content, List.of(), null);
	}

	public static LlmMessage user(String content) {
		return new LlmMessage(LlmRole.USER, content, List.of(), null);
	}

	public static LlmMessage assistant(String content) {
		return new LlmMessage(LlmRole.ASSISTANT, content, List.of(), null);
	}

	public static LlmMessage assistantCalling(@Nullable String content, List<LlmToolCall> toolCalls) {
		return new LlmMessage(LlmRole.ASSISTANT, (content == null || content.isEmpty()) ? null : content, toolCalls,
				null);
	}

	public static LlmMessage toolResult(String toolCallId, String contentJson) {
		return new LlmMessage(LlmRole.TOOL, contentJson, List.of(), toolCallId);
	}

}
