package io.chatkit.rest.tools;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.chatkit.rest.web.ApiResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /tasks}: the caller's to-do list (the tasks the tools manage), so a front
 * end can show it beside the chat without asking the model.
 */
@RestController
@RequestMapping("/api/v1/chatkit/tasks")
class TaskController {

	private final TaskList tasks;

	TaskController(TaskList tasks) {
		this.tasks = tasks;
	}

	@GetMapping
	ApiResponse<List<TaskView>> list(@AuthenticationPrincipal Jwt jwt,
			@RequestParam(defaultValue = "all") String status,
			@RequestParam(defaultValue = "50") @Min(value = 1, message = "must be between 1 and 100") @Max(value = 100,
					message = "must be between 1 and 100") int limit,
			@RequestParam(required = false) @Nullable String cursor) {
		TaskList.Page page = this.tasks.page(jwt.getSubject(), TaskStatus.parse(status), limit, cursor);
		return ApiResponse.page(page.tasks().stream().map(TaskView::of).toList(), page.nextCursor());
	}

	/**
	 * A task as the API shows it.
	 *
	 * @param taskId the task's id, as the tools name it
	 * @param title its title
	 * @param description its description, {@code null} when none
	 * @param completed whether it is done
	 * @param createdAt when it was added
	 * @param updatedAt when it last changed
	 */
	record TaskView(UUID taskId, String title, @Nullable String description, boolean completed, Instant createdAt,
			Instant updatedAt) {

		static TaskView of(Task task) {
			return new TaskView(task.getId(), task.getTitle(), task.getDescription(), task.isCompleted(),
					task.getCreatedAt(), task.getUpdatedAt());
		}

	}

}
