package io.chatkit.rest.session;

import com.fasterxml.jackson.annotation.JsonValue;
import io.chatkit.rest.database.LowerCaseEnumConverter;

/**
 * Whether a tool call did what was asked: the {@code status} of {@code tool_calls}, of
 * {@code tool_result} events and of the API.
 */
public enum ToolCallStatus {

	OK, ERROR;

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
	public static final class Column extends LowerCaseEnumConverter<ToolCallStatus> {

		public Column() {
			super(ToolCallStatus.class);
		}

	}

}
