package io.chatkit.rest.llm;

import java.util.Locale;

/**
 * The author of a message sent upstream, by the chat completions API's {@code role}.
 */
public enum LlmRole {

	SYSTEM, USER, ASSISTANT, TOOL;

	/**
	 * The {@code role} on the wire.
	 * @return the lower-case name
	 */
	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

}
