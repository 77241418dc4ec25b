package io.chatkit.rest.tools;

import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads the arguments of a tool call, refusing wrong types with a message the model can
 * act on. Text limits count characters (code points) after trimming, as the API's do.
 */
final class ToolArguments {

	static final int MAX_TITLE = 500;

	static final int MAX_DESCRIPTION = 4000;

	private final JsonNode arguments;

	ToolArguments(JsonNode arguments) {
		this.arguments = arguments;
	}

	String requiredText(String name, int maxLength) {
		String value = optionalText(name, maxLength);
		if (value == null || value.isBlank()) {
			throw new ToolFailure("'" + name + "' is required");
		}
		return value;
	}

	@Nullable String optionalText(String name, int maxLength) {
		JsonNode node = this.arguments.path(name);
		if (node.isMissingNode() || node.isNull()) {
			return null;
		}
		if (!node.isString()) {
			throw new ToolFailure("'" + name + "' must be a string");
		}
		String value = node.asString().strip();
		if (value.codePointCount(0, value.length()) > maxLength) {
			throw new ToolFailure("'" + name + "' is longer than " + maxLength + " characters");
		}
		return value;
	}

	UUID taskId() {
		String value = requiredText("task_id", 100);
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException ex) {
			throw new ToolFailure("Task " + value + " not found");
		}
	}

}
