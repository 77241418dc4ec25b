package io.chatkit.rest.tools;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The OpenAI function definitions of the to-do tools, as sent in a request's
 * {@code tools} array.
 */
final class ToolDefinitions {

	static final List<Map<String, Object>> ALL = List.of(
			function(ToolName.ADD_TASK, "Add a task to the user's to-do list.",
					Map.of("title", text("Short title of the task"), "description", text("Optional details")),
					List.of("title")),
			function(ToolName.LIST_TASKS, "List the user's tasks with their ids.", Map.of("status",
					Map.of("type", "string", "enum", Stream.of(TaskStatus.values()).map(TaskStatus::wireName).toList(),
							"description", "Which tasks to list; all when omitted")),
					List.of()),
			function(ToolName.COMPLETE_TASK, "Mark one of the user's tasks as completed.",
					Map.of("task_id", text("Id of the task, from add_task or list_tasks")), List.of("task_id")),
			function(ToolName.UPDATE_TASK, "Change the title or description of one of the user's tasks.",
					Map.of("task_id", text("Id of the task, from add_task or list_tasks"), "title", text("New title"),
							"description", text("New description")),
					List.of("task_id")),
			function(ToolName.DELETE_TASK, "Delete one of the user's tasks.",
					Map.of("task_id", text("Id of the task, from add_task or list_tasks")), List.of("task_id")));

	private ToolDefinitions() {
	}

	static List<String> names() {
		return Stream.of(ToolName.values()).map(ToolName::wireName).toList();
	}

	private static Map<String, Object> function(ToolName name, String description, Map<String, Object> properties,
			List<String> required) {
		return Map.of("type", "function", "function",
				Map.of("name", name.wireName(), "description", description, "parameters", Map.of("type", "object",
						"properties", properties, "required", required, "additionalProperties", false)));
	}

	private static Map<String, Object> text(String description) {
		return Map.of("type", "string", "description", description);
	}

}
