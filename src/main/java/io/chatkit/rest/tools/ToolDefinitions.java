package io.chatkit.rest.tools;

import java.util.List;
import java.util.Map;

/**
 * The OpenAI function definitions of the to-do tools, as sent in a request's
 * {@code tools} array.
 */
final class ToolDefinitions {

	static final List<Map<String, Object>> ALL = List.of(
			function("add_task", "Add a task to the user's to-do list.",
					Map.of("title", text("Short title of the task"), "description", text("Optional details")),
					List.of("title")),
			function("list_tasks", "List the user's tasks with their ids.",
					Map.of("status",
							Map.of("type", "string", "enum", List.of("all", "pending", "completed"), "description",
									"Which tasks to list; all when omitted")),
					List.of()),
			function("complete_task", "Mark one of the user's tasks as completed.",
					Map.of("task_id", text("Id of the task, from add_task or list_tasks")), List.of("task_id")),
			function("update_task", "Change the title or description of one of the user's tasks.",
					Map.of("task_id", text("Id of the task, from add_task or list_tasks"), "title", text("New title"),
							"description", text("New description")),
					List.of("task_id")),
			function("delete_task", "Delete one of the user's tasks.",
					Map.of("task_id", text("Id of the task, from add_task or list_tasks")), List.of("task_id")));

	private ToolDefinitions() {
	}

	static List<String> names() {
		return ALL.stream().map(ToolDefinitions::name).toList();
	}

	@SuppressWarnings("unchecked")
	private static String name(Map<String, Object> definition) {
		return (String) ((Map<String, Object>) definition.get("function")).get("name");
	}

	private static Map<String, Object> function(String name, String description, Map<String, Object> properties,
			List<String> required) {
		return Map.of("type", "function", "function", Map.of("name", name, "description", description, "parameters", Map
			.of("type", "object", "properties", properties, "required", required, "additionalProperties", false)));
	}

	private static Map<String, Object> text(String description) {
		return Map.of("type", "string", "description", description);
	}

}
