package io.chatkit.rest.tools;

import java.util.UUID;

import io.chatkit.rest.support.ServiceIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

@ServiceIntegrationTest
class TaskToolsIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	TaskTools tools;

	String alice = "alice-" + UUID.randomUUID();

	String bob = "bob-" + UUID.randomUUID();

	private JsonNode run(String user, String tool, String arguments) {
		ToolResult result = this.tools.run(user, tool, this.tools.parseArguments(arguments));
		JsonNode json = JSON.readTree(result.resultJson());
		assertThat(json.isObject()).isTrue();
		return json;
	}

	private String add(String user, String title) {
		return run(user, "add_task", "{\"title\":\"" + title + "\"}").path("task_id").asString();
	}

	@Test
	void addingATaskReturnsItsIdAndListingShowsIt() {
		JsonNode added = run(this.alice, "add_task", "{\"title\":\"Buy milk\",\"description\":\"2 litres\"}");
		String id = added.path("task_id").asString();
		assertThat(UUID.fromString(id)).isNotNull();
		JsonNode listed = run(this.alice, "list_tasks", "{}");
		assertThat(listed.path("count").asInt()).isEqualTo(1);
		JsonNode task = listed.path("tasks").get(0);
		assertThat(task.path("task_id").asString()).isEqualTo(id);
		assertThat(task.path("title").asString()).isEqualTo("Buy milk");
		assertThat(task.path("description").asString()).isEqualTo("2 litres");
		assertThat(task.path("completed").asBoolean()).isFalse();
	}

	@Test
	void completedAndPendingTasksAreListedSeparately() {
		String done = add(this.alice, "Done one");
		add(this.alice, "Open one");
		assertThat(run(this.alice, "complete_task", "{\"task_id\":\"" + done + "\"}").path("task_id").asString())
			.isEqualTo(done);
		assertThat(run(this.alice, "list_tasks", "{\"status\":\"completed\"}").path("tasks")
			.get(0)
			.path("title")
			.asString()).isEqualTo("Done one");
		assertThat(
				run(this.alice, "list_tasks", "{\"status\":\"pending\"}").path("tasks").get(0).path("title").asString())
			.isEqualTo("Open one");
		assertThat(run(this.alice, "list_tasks", "{\"status\":\"all\"}").path("count").asInt()).isEqualTo(2);
		assertThat(this.tools.run(this.alice, "list_tasks", this.tools.parseArguments("{\"status\":\"someday\"}")).ok())
			.isFalse();
	}

	@Test
	void updatingAndDeletingATaskNameItsId() {
		String id = add(this.alice, "Draft");
		JsonNode updated = run(this.alice, "update_task", "{\"task_id\":\"" + id + "\",\"title\":\"Final\"}");
		assertThat(updated.path("task").path("title").asString()).isEqualTo("Final");
		JsonNode deleted = run(this.alice, "delete_task", "{\"task_id\":\"" + id + "\"}");
		assertThat(deleted.path("deleted").asBoolean()).isTrue();
		assertThat(deleted.path("task_id").asString()).isEqualTo(id);
		assertThat(run(this.alice, "list_tasks", "{}").path("count").asInt()).isZero();
	}

	@Test
	void anotherUsersTaskIsNotFoundForEveryToolAndStaysAsItWas() {
		String bobs = add(this.bob, "Bob's");
		for (String tool : new String[] { "complete_task", "update_task", "delete_task" }) {
			ToolResult result = this.tools.run(this.alice, tool,
					this.tools.parseArguments("{\"task_id\":\"" + bobs + "\",\"title\":\"taken\"}"));
			assertThat(result.ok()).isFalse();
			assertThat(JSON.readTree(result.resultJson()).path("error").asString()).contains("not found");
		}
		assertThat(run(this.alice, "list_tasks", "{}").path("count").asInt()).isZero();
		JsonNode bobsList = run(this.bob, "list_tasks", "{}");
		assertThat(bobsList.path("tasks").get(0).path("title").asString()).isEqualTo("Bob's");
		assertThat(bobsList.path("tasks").get(0).path("completed").asBoolean()).isFalse();
	}

	@Test
	void badCallsAreErrorResultsNamingTheProblem() {
		assertThat(this.tools.run(this.alice, "launch_rocket", this.tools.parseArguments("{}")))
			.satisfies((r) -> assertThat(r.tool()).isEqualTo("unknown"))
			.satisfies((r) -> assertThat(r.ok()).isFalse());
		assertThat(this.tools.parseArguments("{\"title\": oops")).isNull();
		assertThat(this.tools.run(this.alice, "add_task", null).ok()).isFalse();
		assertThat(this.tools.run(this.alice, "add_task", this.tools.parseArguments("{}")).resultJson())
			.contains("'title' is required");
		assertThat(this.tools.run(this.alice, "add_task", this.tools.parseArguments("{\"title\":42}")).resultJson())
			.contains("must be a string");
		assertThat(this.tools.run(this.alice, "complete_task", this.tools.parseArguments("{\"task_id\":\"nope\"}"))
			.resultJson()).contains("not found");
	}

	@Test
	void theToolDefinitionsAreOpenAiFunctionsWithJsonSchemaParameters() {
		JsonNode definitions = JSON.valueToTree(this.tools.definitions());
		assertThat(definitions.size()).isEqualTo(5);
		for (JsonNode definition : definitions) {
			assertThat(definition.path("type").asString()).isEqualTo("function");
			assertThat(definition.path("function").path("parameters").path("type").asString()).isEqualTo("object");
		}
		assertThat(TaskTools.names()).containsExactly("add_task", "list_tasks", "complete_task", "update_task",
				"delete_task");
	}

	@Test
	void listingReturnsAtMost100TasksAndSaysThereAreMore() {
		for (int i = 0; i < 101; i++) {
			add(this.alice, "t" + i);
		}
		JsonNode listed = run(this.alice, "list_tasks", "{}");
		assertThat(listed.path("count").asInt()).isEqualTo(100);
		assertThat(listed.path("tasks").size()).isEqualTo(100);
		assertThat(listed.path("more").asBoolean()).isTrue();
		assertThat(listed.path("truncated").isMissingNode()).isTrue();
		assertThat(run(this.bob, "list_tasks", "{}").path("more").asBoolean(true)).isFalse();
	}

	@Test
	void aResultOverTheCharacterCapIsCutAndMarked() {
		String description = "d".repeat(3900);
		for (int i = 0; i < 20; i++) {
			run(this.alice, "add_task", "{\"title\":\"big " + i + "\",\"description\":\"" + description + "\"}");
		}
		ToolResult result = this.tools.run(this.alice, "list_tasks", this.tools.parseArguments("{}"));
		assertThat(result.ok()).isTrue();
		assertThat(result.resultJson().length()).isLessThanOrEqualTo(16000);
		JsonNode json = JSON.readTree(result.resultJson());
		assertThat(json.path("truncated").asBoolean()).isTrue();
		assertThat(json.path("tasks").size()).isBetween(1, 19);
		assertThat(json.path("tasks").get(0).path("title").asString()).isEqualTo("big 0");
	}

}
