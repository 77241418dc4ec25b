package io.chatkit.rest.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.ApiClient.Response;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.ServiceIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/chatkit/tasks} over HTTP: the caller's own tasks only, newest first,
 * filtered by status and paged by cursor like the sessions list.
 */
@ServiceIntegrationTest
class TaskApiIntegrationTests {

	private static final String TASKS = "/api/v1/chatkit/tasks";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	TaskTools tools;

	ApiClient api;

	String alice = "alice-" + UUID.randomUUID();

	String aliceToken = JwtTokens.forUser(this.alice);

	@BeforeEach
	void setUp() {
		this.api = new ApiClient(this.port);
	}

	private String add(String user, String title) {
		ToolResult result = this.tools.run(user, "add_task",
				this.tools.parseArguments("{\"title\":\"" + title + "\"}"));
		assertThat(result.ok()).isTrue();
		return JSON.readTree(result.resultJson()).path("task_id").asString();
	}

	private static List<String> titles(Response response) {
		List<String> titles = new ArrayList<>();
		response.json().path("data").forEach((task) -> titles.add(task.path("title").asString()));
		return titles;
	}

	@Test
	void theCallerSeesOnlyTheirOwnTasksNewestFirstInTheEnvelope() {
		add(this.alice, "First");
		add(this.alice, "Second");
		add("bob-" + UUID.randomUUID(), "Bob's secret");
		Response response = this.api.get(TASKS, this.aliceToken);
		assertThat(response.status()).isEqualTo(200);
		assertThat(titles(response)).containsExactly("Second", "First");
		JsonNode task = response.json().path("data").get(0);
		assertThat(task.propertyNames()).containsExactlyInAnyOrder("task_id", "title", "description", "completed",
				"created_at", "updated_at");
		assertThat(task.path("description").isNull()).isTrue();
		assertThat(task.path("completed").asBoolean()).isFalse();
		assertThat(task.path("created_at").asString()).endsWith("Z");
		assertThat(response.json().path("meta").path("next_cursor").isNull()).isTrue();
		assertThat(titles(this.api.get(TASKS, JwtTokens.newUser()))).isEmpty();
	}

	@Test
	void statusFiltersPendingAndCompletedTasks() {
		String done = add(this.alice, "Done");
		add(this.alice, "Open");
		this.tools.run(this.alice, "complete_task", this.tools.parseArguments("{\"task_id\":\"" + done + "\"}"));
		assertThat(titles(this.api.get(TASKS + "?status=pending", this.aliceToken))).containsExactly("Open");
		assertThat(titles(this.api.get(TASKS + "?status=completed", this.aliceToken))).containsExactly("Done");
		assertThat(titles(this.api.get(TASKS + "?status=all", this.aliceToken))).containsExactly("Open", "Done");
		Response bad = this.api.get(TASKS + "?status=someday", this.aliceToken);
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.errorCode()).isEqualTo("validation_failed");
	}

	@Test
	void pagesFollowTheCursorToTheEndWithoutRepeats() {
		for (int i = 1; i <= 5; i++) {
			add(this.alice, "Task " + i);
		}
		List<String> seen = new ArrayList<>();
		String path = TASKS + "?limit=2";
		int pages = 0;
		while (path != null) {
			Response page = this.api.get(path, this.aliceToken);
			assertThat(page.status()).isEqualTo(200);
			seen.addAll(titles(page));
			JsonNode next = page.json().path("meta").path("next_cursor");
			path = next.isNull() ? null : TASKS + "?limit=2&cursor=" + next.asString();
			pages++;
		}
		assertThat(pages).isEqualTo(3);
		assertThat(seen).containsExactly("Task 5", "Task 4", "Task 3", "Task 2", "Task 1");
	}

	@Test
	void badLimitsAndForgedCursorsAreValidationFailures() {
		for (String query : List.of("?limit=0", "?limit=101", "?cursor=forged", "?cursor=")) {
			Response response = this.api.get(TASKS + query, this.aliceToken);
			assertThat(response.status()).as(query).isEqualTo(400);
			assertThat(response.errorCode()).as(query).isEqualTo("validation_failed");
		}
	}

	@Test
	void withoutATokenItIsUnauthorized() {
		assertThat(this.api.get(TASKS, null).status()).isEqualTo(401);
	}

}
