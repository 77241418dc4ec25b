package io.chatkit.rest.tools;

import java.util.List;

import io.chatkit.rest.web.PageCursor;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A user's tasks, newest first, a page at a time (keyset pagination on {@code created_at}
 * and id, like the sessions list).
 */
@Service
class TaskList {

	private final TaskRepository tasks;

	TaskList(TaskRepository tasks) {
		this.tasks = tasks;
	}

	@Transactional(readOnly = true)
	Page page(String userId, TaskStatus status, int limit, @Nullable String cursor) {
		Limit fetch = Limit.of(limit + 1);
		List<Task> rows;
		if (cursor == null) {
			rows = this.tasks.findPage(userId, status.completed(), fetch);
		}
		else {
			PageCursor position = PageCursor.decode(cursor);
			rows = this.tasks.findPageAfter(userId, status.completed(), position.at(), position.id(), fetch);
		}
		if (rows.size() <= limit) {
			return new Page(rows, null);
		}
		List<Task> page = rows.subList(0, limit);
		Task last = page.get(limit - 1);
		return new Page(page, new PageCursor(last.getCreatedAt(), last.getId()).encode());
	}

	/**
	 * One page of tasks.
	 *
	 * @param tasks the tasks, newest first
	 * @param nextCursor the next page's cursor, {@code null} on the last page
	 */
	record Page(List<Task> tasks, @Nullable String nextCursor) {
	}

}
