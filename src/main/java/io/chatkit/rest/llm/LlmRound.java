package io.chatkit.rest.llm;

import java.util.List;

/**
 * What one upstream call returned once its stream ended.
 *
 * @param text the assistant text of this call
 * @param finishReason the upstream's finish reason, {@code stop} when it sent none
 * @param toolCalls the tools the model called, in index order
 * @param usage tokens and cost of this call
 * @param model the model that answered (the chunks' {@code model}), else the one asked
 * @param upstream the upstream that answered
 */
public record LlmRound(String text, String finishReason, List<LlmToolCall> toolCalls, LlmUsage usage, String model,
		UpstreamRoute upstream) {

}
