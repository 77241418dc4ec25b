package io.chatkit.rest.tools;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The built-in tools, by the names the model calls them.
 */
enum ToolName {

	ADD_TASK, LIST_TASKS, COMPLETE_TASK, UPDATE_TASK, DELETE_TASK;

	/**
	 * The name the model sees and calls.
	 * @return the lower-case name, e.g. {@code add_task}
	 */
	String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The tool a call names.
	 * @param name the name the model wrote
	 * @return the tool, {@code null} when no built-in tool has that name
	 */
	static @Nullable ToolName find(@Nullable String name) {
		for (ToolName tool : values()) {
			if (tool.wireName().equals(name)) {
				return tool;
			}
		}
		return null;
	}

}
