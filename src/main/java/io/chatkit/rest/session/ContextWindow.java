package io.chatkit.rest.session;

import java.util.ArrayList;
import java.util.List;

import io.chatkit.rest.llm.LlmMessage;
import io.chatkit.rest.llm.LlmRole;
import io.chatkit.rest.llm.LlmToolCall;

/**
 * Bounds the context sent upstream to a number of prompt tokens, estimated as characters
 * / 4 (no tokenizer is exact for every model, and the bound only has to keep one reply's
 * worst case finite). The system prompt and the newest message are always kept; older
 * messages go first.
 */
final class ContextWindow {

	private ContextWindow() {
	}

	static List<LlmMessage> bound(List<LlmMessage> messages, int maxTokens) {
		if (messages.isEmpty()) {
			return messages;
		}
		boolean system = messages.get(0).role() == LlmRole.SYSTEM;
		int first = system ? 1 : 0;
		long budget = (long) maxTokens - (system ? tokens(messages.get(0)) : 0);
		int keepFrom = messages.size() - 1;
		budget -= tokens(messages.get(keepFrom));
		while (keepFrom - 1 >= first && budget - tokens(messages.get(keepFrom - 1)) >= 0) {
			keepFrom--;
			budget -= tokens(messages.get(keepFrom));
		}
		List<LlmMessage> bounded = new ArrayList<>(messages.size() - keepFrom + 1);
		if (system) {
			bounded.add(messages.get(0));
		}
		bounded.addAll(messages.subList(keepFrom, messages.size()));
		return bounded;
	}

	static long tokens(List<LlmMessage> messages) {
		long total = 0;
		for (LlmMessage message : messages) {
			total += tokens(message);
		}
		return total;
	}

	private static long tokens(LlmMessage message) {
		long chars = (message.content() != null) ? message.content().length() : 0;
		for (LlmToolCall call : message.toolCalls()) {
			chars += call.name().length() + ((call.arguments() != null) ? call.arguments().length() : 0);
		}
		return (chars + 3) / 4;
	}

}
