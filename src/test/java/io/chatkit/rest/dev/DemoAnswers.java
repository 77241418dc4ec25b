package io.chatkit.rest.dev;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * The demo model's one-sentence answers to what a to-do tool returned.
 */
final class DemoAnswers {

	private DemoAnswers() {
	}

	static String sentence(String tool, JsonNode result) {
		String title = result.path("task").path("title").asString(result.path("title").asString(""));
		return switch (tool) {
			case "add_task" -> "I added “" + title + "” to your to-do list.";
			case "complete_task" -> "I marked “" + title + "” as done.";
			case "update_task" -> "The task is now called “" + title + "”.";
			case "delete_task" -> "I deleted “" + title + "” from your list.";
			case "list_tasks" -> listing(result);
			default -> "The tool " + tool + " answered.";
		};
	}

	private static String listing(JsonNode result) {
		String status = result.path("status").asString("all");
		String kind = switch (status) {
			case "pending" -> "open ";
			case "completed" -> "completed ";
			default -> "";
		};
		List<String> titles = new ArrayList<>();
		for (JsonNode task : result.path("tasks")) {
			boolean done = task.path("completed").asBoolean();
			titles.add("“" + task.path("title").asString() + "”" + (done && status.equals("all") ? " (done)" : ""));
		}
		if (titles.isEmpty()) {
			return "You have no " + kind + "tasks.";
		}
		String count = (titles.size() == 1) ? "1 " + kind + "task" : titles.size() + " " + kind + "tasks";
		return "You have " + count + ": " + String.join(", ", titles) + ".";
	}

}
