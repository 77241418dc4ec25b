package io.chatkit.rest.tools;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The to-do operations behind the tools. Every lookup is by task id and owner together,
 * so another user's task is as invisible as one that does not exist.
 */
@Service
class TaskService {

	/**
	 * Most tasks one {@code list_tasks} call returns; {@code more} says when there are
	 * others.
	 */
	static final int MAX_LISTED = 100;

	private final TaskRepository tasks;

	private final JsonMapper json;

	private final Clock clock;

	TaskService(TaskRepository tasks, JsonMapper json, Clock clock) {
		this.clock = clock;
		this.tasks = tasks;
		this.json = json;
	}

	@Transactional
	ObjectNode add(String userId, ToolArguments args) {
		Task task = new Task(userId, args.requiredText("title", ToolArguments.MAX_TITLE),
				args.optionalText("description", ToolArguments.MAX_DESCRIPTION), now());
		this.tasks.save(task);
		return result("created", task);
	}

	@Transactional(readOnly = true)
	ObjectNode list(String userId, ToolArguments args) {
		String status = args.optionalText("status", 20);
		TaskStatus filter = (status == null || status.isEmpty()) ? TaskStatus.ALL : TaskStatus.find(status);
		if (filter == null) {
			throw new ToolFailure("'status' must be all, pending or completed, not " + status);
		}
		Limit limit = Limit.of(MAX_LISTED + 1);
		Boolean completed = filter.completed();
		List<Task> found = (completed == null) ? this.tasks.findByUser(userId, limit)
				: this.tasks.findByUserAndCompleted(userId, completed, limit);
		ObjectNode result = this.json.createObjectNode();
		result.put("status", filter.wireName());
		ArrayNode list = result.putArray("tasks");
		found.stream().limit(MAX_LISTED).forEach((task) -> list.add(view(task)));
		result.put("count", list.size());
		result.put("more", found.size() > MAX_LISTED);
		return result;
	}

	@Transactional
	ObjectNode complete(String userId, ToolArguments args) {
		Task task = owned(userId, args.taskId());
		task.complete(now());
		return result("completed", task);
	}

	@Transactional
	ObjectNode update(String userId, ToolArguments args) {
		Task task = owned(userId, args.taskId());
		String title = args.optionalText("title", ToolArguments.MAX_TITLE);
		String description = args.optionalText("description", ToolArguments.MAX_DESCRIPTION);
		if (title != null && title.isBlank()) {
			throw new ToolFailure("'title' must not be blank");
		}
		if (title == null && description == null) {
			throw new ToolFailure("Give a new 'title' or 'description'");
		}
		task.update(title, description, now());
		return result("updated", task);
	}

	@Transactional
	ObjectNode delete(String userId, ToolArguments args) {
		Task task = owned(userId, args.taskId());
		this.tasks.delete(task);
		ObjectNode result = this.json.createObjectNode();
		result.put("deleted", true);
		result.put("task_id", task.getId().toString());
		result.put("title", task.getTitle());
		return result;
	}

	private Task owned(String userId, UUID id) {
		return this.tasks.findOwned(id, userId).orElseThrow(() -> new ToolFailure("Task " + id + " not found"));
	}

	private ObjectNode result(String action, Task task) {
		ObjectNode result = this.json.createObjectNode();
		result.put(action, true);
		result.put("task_id", task.getId().toString());
		result.set("task", view(task));
		return result;
	}

	private ObjectNode view(Task task) {
		ObjectNode node = this.json.createObjectNode();
		node.put("task_id", task.getId().toString());
		node.put("title", task.getTitle());
		node.put("description", task.getDescription());
		node.put("completed", task.isCompleted());
		return node;
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

}
