package io.chatkit.rest.security;

import java.util.List;

import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.ApiClient.Response;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.ServiceIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token's {@code sub} is a user id only when every database stores it as sent; any
 * other is refused, and ids a database could confuse stay different users.
 */
@ServiceIntegrationTest
class SubjectIntegrationTests {

	private static final String SESSIONS = "/api/v1/chatkit/sessions";

	@LocalServerPort
	int port;

	@ParameterizedTest
	@ValueSource(strings = { "123", "1.5", "true", "null", "[\"a\"]", "{\"id\":\"a\"}", "\"\"", "\"a\\u0000b\"",
			"\"\\ud800\"", "\"x\\udc00\"", "\"\\ude00\\ud83d\"", "\"tab\\there\"", "\"line\\nbreak\"", "\"del\\u007f\"",
			"\"c1\\u0085\"", "\"c1\\u009f\"" })
	void aSubThatIsNotAStorableStringIsUnauthorized(String subJson) {
		Response response = new ApiClient(this.port).get(SESSIONS, JwtTokens.withRawSubject(subJson));
		assertThat(response.status()).as(subJson).isEqualTo(401);
		assertThat(response.errorCode()).isEqualTo("unauthorized");
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
	}

	@Test
	void aSubOfMoreThan255CodePointsIsUnauthorized() {
		ApiClient api = new ApiClient(this.port);
		assertThat(api.get(SESSIONS, JwtTokens.forUser("x".repeat(256))).status()).isEqualTo(401);
		assertThat(api.get(SESSIONS, JwtTokens.forUser("😀".repeat(256))).status()).isEqualTo(401);
	}

	@Test
	void subsUpTo255CodePointsOfAnyScriptAreUsers() {
		ApiClient api = new ApiClient(this.port);
		for (String sub : List.of("x".repeat(255), "😀".repeat(255), "?", "\u00a0nbsp", "user@example.com|ünï")) {
			Response created = api.post(SESSIONS, JwtTokens.forUser(sub), null);
			assertThat(created.status()).as(sub).isEqualTo(200);
			assertThat(created.json().path("data").path("user_id").asString()).isEqualTo(sub);
		}
	}

	@Test
	void aLoneSurrogateSubCannotBecomeTheUserWhoseSubIsAQuestionMark() {
		ApiClient api = new ApiClient(this.port);
		String owner = JwtTokens.forUser("?");
		String session = api.post(SESSIONS, owner, null).json().path("data").path("id").asString();
		String intruder = JwtTokens.withRawSubject("\"\\ud800\"");
		assertThat(api.get(SESSIONS, intruder).status()).isEqualTo(401);
		assertThat(api.delete(SESSIONS + "/" + session, intruder).status()).isEqualTo(401);
		assertThat(api.get(SESSIONS + "/" + session, owner).status()).isEqualTo(200);
	}

	@Test
	void subsADatabaseCouldConfuseStayDifferentUsers() {
		ApiClient api = new ApiClient(this.port);
		String unique = Long.toString(System.nanoTime());
		List<String> subs = List.of("\u00e9" + unique, "e\u0301" + unique, "a" + unique, "A" + unique,
				"a" + unique + " ", " a" + unique, "a" + unique + "\u200b", "a" + unique + "\ufeff", "\uff41" + unique);
		List<String> sessions = subs.stream()
			.map((sub) -> api.post(SESSIONS, JwtTokens.forUser(sub), null).json().path("data").path("id").asString())
			.toList();
		for (int i = 0; i < subs.size(); i++) {
			String token = JwtTokens.forUser(subs.get(i));
			JsonNode listed = api.get(SESSIONS, token).json().path("data");
			assertThat(listed.size()).as(subs.get(i)).isEqualTo(1);
			assertThat(listed.get(0).path("id").asString()).isEqualTo(sessions.get(i));
			assertThat(listed.get(0).path("user_id").asString()).isEqualTo(subs.get(i));
			String other = sessions.get((i + 1) % sessions.size());
			assertThat(api.get(SESSIONS + "/" + other, token).status()).isEqualTo(403);
		}
	}

}
