package io.chatkit.rest.session;

import com.fasterxml.jackson.annotation.JsonValue;
import io.chatkit.rest.database.LowerCaseEnumConverter;

/**
 * Who wrote a stored message: the {@code role} of {@code chat_messages} and of the API.
 */
public enum MessageRole {

	USER, ASSISTANT;

	/**
	 * The name in the database and on the wire.
	 * @return the lower-case name
	 */
	@JsonValue
	public String wireName() {
		return LowerCaseEnumConverter.name(this);
	}

	/**
	 * Maps the column to the constant with the same lower-case name.
	 */
	public static final class Column extends LowerCaseEnumConverter<MessageRole> {

		public Column() {
			super(MessageRole.class);
		}

	}

}
