package io.chatkit.rest.session;

import com.fasterxml.jackson.annotation.JsonValue;
import io.chatkit.rest.database.LowerCaseEnumConverter;

/**
 * How far a message got: the {@code status} of {@code chat_messages} and of the API. A
 * user message is {@code complete}; an assistant reply starts {@code partial} and ends
 * {@code complete}, {@code partial} (cancelled, or its client went away) or
 * {@code error}.
 */
public enum MessageStatus {

	COMPLETE, PARTIAL, ERROR;

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
	public static final class Column extends LowerCaseEnumConverter<MessageStatus> {

		public Column() {
			super(MessageStatus.class);
		}

	}

}
