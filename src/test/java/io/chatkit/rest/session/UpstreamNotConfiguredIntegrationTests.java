package io.chatkit.rest.session;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.ApiClient.Response;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.ServiceIntegrationTest;
import io.chatkit.rest.support.SseEvents;
import io.chatkit.rest.support.SseEvents.Event;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@ServiceIntegrationTest
@TestPropertySource(properties = "chatkit.llm.api-key=")
class UpstreamNotConfiguredIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void withoutAnApiKeyAReplyStartsThenFailsAsNotConfiguredAndIsStoredAsAnError() {
		ApiClient api = new ApiClient(this.port);
		String token = JwtTokens.forUser("user-" + UUID.randomUUID());
		String session = api.post("/api/v1/chatkit/sessions", token, null).json().path("data").path("id").asString();
		Response response = api.post("/api/v1/chatkit/sessions/" + session + "/messages", token, "{\"text\":\"Hi\"}");
		assertThat(response.status()).isEqualTo(200);
		List<Event> events = SseEvents.parse(response.body());
		assertThat(SseEvents.names(events)).containsExactly("start", "error");
		assertThat(events.get(1).data().path("code").asString()).isEqualTo("upstream_not_configured");
		assertThat(events.get(1).data().path("retryable").asBoolean()).isFalse();
		Map<String, Object> row = this.jdbc.queryForMap("select status, content from chat_messages where id = ?::uuid",
				events.get(0).data().path("assistant_message_id").asString());
		assertThat(row).containsEntry("status", "error").containsEntry("content", "");
	}

}
