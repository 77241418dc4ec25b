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

	@Test
	void withoutAnApiKeyTheOfflineDemoModelAnswersAndSaysSo() {
		List<Event> events = send("Hello there");
		assertThat(events.get(0).name()).isEqualTo("start");
		assertThat(events.get(0).data().path("model").asString()).isEqualTo("offline-demo");
		assertThat(SseEvents.text(events)).contains("offline demo").contains("Hello there");
		assertThat(SseEvents.last(events).name()).isEqualTo("done");
	}

	@Test
	void mentioningATaskMakesTheDemoModelCallATool() {
		List<Event> events = send("Add a task to water the plants");
		assertThat(SseEvents.names(events)).contains("tool_call", "tool_result").endsWith("done");
		JsonNode result = events.stream()
			.filter((e) -> e.name().equals("tool_result"))
			.findFirst()
			.orElseThrow()
			.data();
		assertThat(result.path("name").asString()).isEqualTo("add_task");
		assertThat(result.path("status").asString()).isEqualTo("ok");
	}

}
