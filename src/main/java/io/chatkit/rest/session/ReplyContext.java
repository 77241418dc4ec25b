package io.chatkit.rest.session;

import java.util.ArrayList;
import java.util.List;

import io.chatkit.rest.llm.LlmMessage;

/**
 * Turns stored messages into the context sent upstream: the system prompt, then the
 * conversation. Assistant messages that never got any text (failed replies) are left out,
 * as the model has nothing to learn from them.
 */
final class ReplyContext {

	private ReplyContext() {
	}

	static List<LlmMessage> of(String systemPrompt, List<ChatMessage> history) {
		List<LlmMessage> messages = new ArrayList<>(history.size() + 1);
		if (systemPrompt != null && !systemPrompt.isBlank()) {
			messages.add(LlmMessage.system(systemPrompt));
		}
		for (ChatMessage message : history) {
			switch (message.getRole()) {
				case USER -> messages.add(LlmMessage.user(message.getContent()));
				case ASSISTANT -> {
					if (!message.getContent().isEmpty()) {
						messages.add(LlmMessage.assistant(message.getContent()));
					}
				}
			}
		}
		return messages;
	}

}
