package io.chatkit.rest.session;

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

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

@ServiceIntegrationTest
class SessionApiIntegrationTests {

	private static final String SESSIONS = "/api/v1/chatkit/sessions";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	ApiClient api;

	String alice;

	String bob;

	@BeforeEach
	void setUp() {
		this.api = new ApiClient(this.port);
		this.alice = JwtTokens.forUser("alice-" + UUID.randomUUID());
		this.bob = JwtTokens.forUser("bob-" + UUID.randomUUID());
	}

	private String createSession(String token, String title) {
		Response response = this.api.post(SESSIONS, token, (title != null) ? "{\"title\":\"" + title + "\"}" : null);
		assertThat(response.status()).isEqualTo(200);
		return response.json().path("data").path("id").asString();
	}

	@Test
	void creatingASessionWithAValidTokenReturnsItsFieldsInTheEnvelope() {
		Response response = this.api.post(SESSIONS, this.alice, "{\"title\":\"Groceries\"}");
		assertThat(response.status()).isEqualTo(200);
		JsonNode body = response.json();
		assertThat(body.path("success").asBoolean()).isTrue();
		JsonNode data = body.path("data");
		assertThat(UUID.fromString(data.path("id").asString())).isNotNull();
		assertThat(data.path("title").asString()).isEqualTo("Groceries");
		assertThat(data.path("user_id").asString()).startsWith("alice-");
		assertThat(data.path("created_at").asString()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
		assertThat(data.path("updated_at").asString()).endsWith("Z");
		assertThat(response.header("X-Request-Id")).isNotBlank();
	}

	@Test
	void aTitleOf150EmojiIsAcceptedBecauseTheLimitCountsCharacters() {
		String title = "\uD83D\uDE00".repeat(150);
		Response response = this.api.post(SESSIONS, this.alice, "{\"title\":\"" + title + "\"}");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().path("data").path("title").asString()).isEqualTo(title);
	}

	@Test
	void aTitleOf199CharactersWithPaddingIsAcceptedAndStoredTrimmed() {
		String title = "t".repeat(199);
		Response response = this.api.post(SESSIONS, this.alice, "{\"title\":\"   " + title + "   \"}");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().path("data").path("title").asString()).isEqualTo(title);
	}

	@Test
	void aTitleOf201CharactersIsAValidationFailure() {
		Response response = this.api.post(SESSIONS, this.alice, "{\"title\":\"" + "\uD83D\uDE00".repeat(200) + "t\"}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.errorCode()).isEqualTo("validation_failed");
		assertThat(response.json().path("error").path("message").asString())
			.isEqualTo("title must be at most 200 characters");
	}

	@Test
	void creatingASessionStoresARowInTheDatabase() {
		String id = createSession(this.alice, null);
		Integer rows = this.jdbc.queryForObject("select count(*) from chat_sessions where id = ?::uuid", Integer.class,
				id);
		assertThat(rows).isEqualTo(1);
	}

	@Test
	void creatingASessionWithoutABodyLeavesTheTitleNull() {
		Response response = this.api.post(SESSIONS, this.alice, null);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().path("data").has("title")).isTrue();
		assertThat(response.json().path("data").path("title").isNull()).isTrue();
	}

	@Test
	void creatingASessionWithoutATokenIsUnauthorized() {
		Response response = this.api.post(SESSIONS, null, "{}");
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.errorCode()).isEqualTo("unauthorized");
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
		assertThat(response.json().path("error").path("request_id").asString())
			.isEqualTo(response.header("X-Request-Id"));
	}

	@Test
	void creatingAThreadReturnsTheSessionIdAsThreadIdAndIsIdempotent() {
		String id = createSession(this.alice, null);
		Response first = this.api.post(SESSIONS + "/" + id + "/threads", this.alice, null);
		Response second = this.api.post(SESSIONS + "/" + id + "/threads", this.alice, null);
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.json().path("data").path("thread_id").asString()).isEqualTo(id);
		assertThat(first.json().path("data").path("session_id").asString()).isEqualTo(id);
		assertThat(first.json().path("data").path("created").asBoolean()).isTrue();
		assertThat(second.status()).isEqualTo(200);
		assertThat(second.json().path("data").path("thread_id").asString()).isEqualTo(id);
		assertThat(second.json().path("data").path("created").asBoolean()).isFalse();
	}

	@Test
	void creatingAThreadForAnUnknownSessionIsNotFound() {
		Response response = this.api.post(SESSIONS + "/" + UUID.randomUUID() + "/threads", this.alice, null);
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.errorCode()).isEqualTo("not_found");
	}

	@Test
	void creatingAThreadForAnotherUsersSessionIsForbidden() {
		String id = createSession(this.alice, null);
		Response response = this.api.post(SESSIONS + "/" + id + "/threads", this.bob, null);
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.errorCode()).isEqualTo("forbidden");
	}

	@Test
	void listingShowsOnlyTheCallersSessionsNewestFirstWithMessageCounts() {
		String first = createSession(this.alice, "one");
		String second = createSession(this.alice, "two");
		createSession(this.bob, "bob's");
		String sessionId = first;
		insertMessages(sessionId, 3);
		Response response = this.api.get(SESSIONS, this.alice);
		assertThat(response.status()).isEqualTo(200);
		JsonNode data = response.json().path("data");
		List<String> ids = new ArrayList<>();
		data.forEach((item) -> ids.add(item.path("id").asString()));
		assertThat(ids).containsExactly(first, second);
		assertThat(data.get(0).path("message_count").asInt()).isEqualTo(3);
		assertThat(data.get(1).path("message_count").asInt()).isZero();
		assertThat(response.json().path("meta").has("next_cursor")).isTrue();
		assertThat(response.json().path("meta").path("next_cursor").isNull()).isTrue();
	}

	@Test
	void listingWithNoSessionsIsAnEmptyArray() {
		Response response = this.api.get(SESSIONS, JwtTokens.newUser());
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().path("data").isArray()).isTrue();
		assertThat(response.json().path("data").size()).isZero();
	}

	@Test
	void listingPagesThroughEverySessionWithTheCursor() {
		String token = JwtTokens.newUser();
		List<String> created = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			created.add(0, createSession(token, "s" + i));
		}
		List<String> seen = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			Response page = this.api.get(SESSIONS + "?limit=2" + ((cursor != null) ? "&cursor=" + cursor : ""), token);
			assertThat(page.status()).isEqualTo(200);
			page.json().path("data").forEach((item) -> seen.add(item.path("id").asString()));
			JsonNode next = page.json().path("meta").path("next_cursor");
			cursor = next.isNull() ? null : next.asString();
			pages++;
		}
		while (cursor != null);
		assertThat(seen).containsExactlyElementsOf(created);
		assertThat(pages).isEqualTo(3);
	}

	@Test
	void gettingASessionReturnsItsMessagesOldestFirstWithToolCalls() {
		String id = createSession(this.alice, "with history");
		List<UUID> messageIds = insertMessages(id, 2);
		UUID toolCallId = UUID.randomUUID();
		this.jdbc.update(
				"insert into tool_calls (id, message_id, name, arguments, result, status, created_at) values (?, ?, 'add_task', '{\"title\":\"milk\"}'::jsonb, '{\"task_id\":\"t1\"}'::jsonb, 'ok', now())",
				toolCallId, messageIds.get(1));
		Response response = this.api.get(SESSIONS + "/" + id, this.alice);
		assertThat(response.status()).isEqualTo(200);
		JsonNode data = response.json().path("data");
		assertThat(data.path("message_count").asInt()).isEqualTo(2);
		JsonNode messages = data.path("messages");
		assertThat(messages.get(0).path("id").asString()).isEqualTo(messageIds.get(0).toString());
		assertThat(messages.get(0).path("role").asString()).isEqualTo("user");
		assertThat(messages.get(0).path("tool_calls").size()).isZero();
		assertThat(messages.get(1).path("role").asString()).isEqualTo("assistant");
		JsonNode call = messages.get(1).path("tool_calls").get(0);
		assertThat(call.path("id").asString()).isEqualTo(toolCallId.toString());
		assertThat(call.path("name").asString()).isEqualTo("add_task");
		assertThat(call.path("arguments").path("title").asString()).isEqualTo("milk");
		assertThat(call.path("result").path("task_id").asString()).isEqualTo("t1");
		assertThat(call.path("status").asString()).isEqualTo("ok");
	}

	@Test
	void gettingAnUnknownSessionIsNotFoundAndAnotherUsersIsForbidden() {
		String id = createSession(this.alice, null);
		assertThat(this.api.get(SESSIONS + "/" + UUID.randomUUID(), this.alice).status()).isEqualTo(404);
		Response forbidden = this.api.get(SESSIONS + "/" + id, this.bob);
		assertThat(forbidden.status()).isEqualTo(403);
		assertThat(forbidden.errorCode()).isEqualTo("forbidden");
	}

	@Test
	void deletingASessionRemovesItsMessagesAndToolCallsAndItIsGoneFromTheList() {
		String id = createSession(this.alice, null);
		List<UUID> messageIds = insertMessages(id, 2);
		this.jdbc.update(
				"insert into tool_calls (id, message_id, name, arguments, status, created_at) values (?, ?, 'list_tasks', '{}'::jsonb, 'ok', now())",
				UUID.randomUUID(), messageIds.get(1));
		Response response = this.api.delete(SESSIONS + "/" + id, this.alice);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().path("data").path("id").asString()).isEqualTo(id);
		assertThat(response.json().path("data").path("deleted").asBoolean()).isTrue();
		assertThat(this.jdbc.queryForObject("select count(*) from chat_messages where session_id = ?::uuid",
				Integer.class, id))
			.isZero();
		assertThat(this.jdbc.queryForObject("select count(*) from tool_calls where message_id = ?", Integer.class,
				messageIds.get(1)))
			.isZero();
		assertThat(this.api.get(SESSIONS + "/" + id, this.alice).status()).isEqualTo(404);
		assertThat(this.api.get(SESSIONS, this.alice).body()).doesNotContain(id);
	}

	@Test
	void deletingAnUnknownSessionIsNotFoundAndAnotherUsersIsForbidden() {
		String id = createSession(this.alice, null);
		assertThat(this.api.delete(SESSIONS + "/" + UUID.randomUUID(), this.alice).status()).isEqualTo(404);
		assertThat(this.api.delete(SESSIONS + "/" + id, this.bob).status()).isEqualTo(403);
		assertThat(this.api.get(SESSIONS + "/" + id, this.alice).status()).isEqualTo(200);
	}

	private List<UUID> insertMessages(String sessionId, int count) {
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			UUID id = UUID.randomUUID();
			this.jdbc.update(
					"insert into chat_messages (id, session_id, role, content, status, created_at) values (?, ?::uuid, ?, ?, 'complete', now() + make_interval(secs => ?))",
					id, sessionId, (i % 2 == 0) ? "user" : "assistant", "message " + i, i * 0.001);
			ids.add(id);
		}
		this.jdbc.update("update chat_sessions set updated_at = now() + interval '1 minute' where id = ?::uuid",
				sessionId);
		return ids;
	}

}
