package io.chatkit.rest.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Keeps an upstream request body within {@code chatkit.llm.max-request-bytes}: the oldest
 * context (messages before the current user message, after the system prompt) goes first,
 * then the longest tool results are replaced by a short marker, until it fits. The
 * current user message, the tool calls and the system prompt always stay, so what is left
 * is still a valid conversation.
 */
final class RequestFit {

	static final String CUT_RESULT = "{\"truncated\":true,\"error\":\"The result was left out to fit the request\"}";

	private RequestFit() {
	}

	static String fit(List<LlmMessage> messages, Function<List<LlmMessage>, String> writer, long maxBytes) {
		String body = writer.apply(messages);
		if (bytes(body) <= maxBytes) {
			return body;
		}
		List<LlmMessage> fitted = new ArrayList<>(messages);
		int first = (!fitted.isEmpty() && fitted.get(0).role() == LlmRole.SYSTEM) ? 1 : 0;
		int current = lastUserMessage(fitted);
		while (bytes(body) > maxBytes && first < current) {
			fitted.remove(first);
			current--;
			body = writer.apply(fitted);
		}
		while (bytes(body) > maxBytes) {
			int longest = longestToolResult(fitted);
			if (longest < 0) {
				break;
			}
			LlmMessage result = fitted.get(longest);
			fitted.set(longest, LlmMessage.toolResult(result.toolCallId(), CUT_RESULT));
			body = writer.apply(fitted);
		}
		return body;
	}

	private static int lastUserMessage(List<LlmMessage> messages) {
		for (int i = messages.size() - 1; i >= 0; i--) {
			if (messages.get(i).role() == LlmRole.USER) {
				return i;
			}
		}
		return 0;
	}

	private static int longestToolResult(List<LlmMessage> messages) {
		int longest = -1;
		int length = CUT_RESULT.length();
		for (int i = 0; i < messages.size(); i++) {
			LlmMessage message = messages.get(i);
			if (message.role() == LlmRole.TOOL && message.content() != null && message.content().length() > length) {
				longest = i;
				length = message.content().length();
			}
		}
		return longest;
	}

	private static long bytes(String body) {
		long count = 0;
		for (int i = 0; i < body.length(); i++) {
			char c = body.charAt(i);
			if (c < 0x80) {
				count++;
			}
			else if (c < 0x800) {
				count += 2;
			}
			else if (Character.isHighSurrogate(c)) {
				count += 4;
				i++;
			}
			else {
				count += 3;
			}
		}
		return count;
	}

}
