package io.chatkit.rest.dev;

import java.util.List;
import java.util.UUID;

import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.ApiClient.Response;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.ServiceIntegrationTest;
import io.chatkit.rest.support.SseEvents;
import io.chatkit.rest.support.SseEvents.Event;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@ServiceIntegrationTest
@Import(DemoModelConfiguration.class)
@TestPropertySource(properties = { "chatkit.llm.api-key=", "spring.datasource.hikari.maximum-pool-size=5" })
@DirtiesContext
class DemoModelIntegrationTests {

	@LocalServerPort
	int port;

	ApiClient api;

	String token;

	String session;

	@BeforeEach
	void setUp() {
		this.api = new ApiClient(this.port);
		this.token = JwtTokens.forUser("dev-" + UUID.randomUUID());
		this.session = this.api.post("/api/v1/chatkit/sessions", this.token, null)
			.json()
			.path("data")
			.path("id")
			.asString();
	}

	private List<Event> send(String text) {
		Response response = this.api.post("/api/v1/chatkit/sessions/" + this.session + "/messages", this.token,
				"{\"text\":\"" + text + "\"}");
		assertThat(response.status()).isEqualTo(200);
		return SseEvents.parse(response.body());
	}

	private JsonNode tasks() {
		return this.api.get("/api/v1/chatkit/tasks", this.token).json().path("data");
	}

	private static String toolResultName(List<Event> events) {
		return events.stream()
			.filter((e) -> e.name().equals("tool_result"))
			.reduce((first, second) -> second)
			.orElseThrow()
			.data()
			.path("name")
			.asString();
	}

	@Test
	void withoutAnApiKeyTheOfflineDemoModelAnswersAndSaysSo() {
		List<Event> events = send("Hello there");
		assertThat(events.get(0).name()).isEqualTo("start");
		assertThat(events.get(0).data().path("model").asString()).isEqualTo("offline-demo");
		assertThat(SseEvents.text(events)).contains("offline demo model").contains("not a real LLM");
		assertThat(SseEvents.names(events)).doesNotContain("tool_call");
		Event done = SseEvents.last(events);
		assertThat(done.name()).isEqualTo("done");
		assertThat(done.data().path("usage").path("cost_usd").asDouble()).isZero();
	}

	@Test
	void theDemoModelManagesTheToDoListInPlainPhrasingAndAnswersInSentences() {
		List<Event> added = send("Add a task to buy milk");
		assertThat(toolResultName(added)).isEqualTo("add_task");
		assertThat(SseEvents.text(added)).startsWith("I added “Buy milk” to your to-do list.").contains("demo");
		assertThat(SseEvents.text(added)).doesNotContain("{");
		assertThat(SseEvents.last(added).data().path("usage").path("cost_usd").asDouble()).isZero();
		send("remind me to call the dentist");
		assertThat(tasks()).extracting((task) -> task.path("title").asString())
			.containsExactly("Call the dentist", "Buy milk");

		List<Event> listed = send("What is on my to-do list?");
		assertThat(toolResultName(listed)).isEqualTo("list_tasks");
		assertThat(SseEvents.text(listed)).startsWith("You have 2 tasks:").contains("“Buy milk”");

		List<Event> completed = send("Mark buy milk as done");
		assertThat(toolResultName(completed)).isEqualTo("complete_task");
		assertThat(SseEvents.text(completed)).startsWith("I marked “Buy milk” as done.");
		assertThat(SseEvents.last(completed).data().path("usage").path("cost_usd").asDouble()).isZero();
		assertThat(SseEvents.text(send("Which tasks are still open?")))
			.startsWith("You have 1 open task: “Call the dentist”.");

		List<Event> renamed = send("rename call the dentist to call the dentist at 9");
		assertThat(toolResultName(renamed)).isEqualTo("update_task");
		assertThat(SseEvents.text(renamed)).startsWith("The task is now called “Call the dentist at 9”.");

		List<Event> deleted = send("please delete buy milk");
		assertThat(toolResultName(deleted)).isEqualTo("delete_task");
		assertThat(SseEvents.text(deleted)).startsWith("I deleted “Buy milk” from your list.");
		assertThat(tasks()).extracting((task) -> task.path("title").asString())
			.containsExactly("Call the dentist at 9");

		assertThat(SseEvents.text(send("delete the yacht"))).startsWith("I could not find a task like");
	}

}
