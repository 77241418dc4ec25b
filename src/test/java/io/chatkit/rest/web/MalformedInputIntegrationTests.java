package io.chatkit.rest.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.ApiClient.Response;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.ServiceIntegrationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Input a signed-in user can send that the container or the database cannot take as it
 * is: each answers 400 or 415 in the error envelope, never a 500 that pages on-call.
 */
@ServiceIntegrationTest
class MalformedInputIntegrationTests {

	private static final String SESSIONS = "/api/v1/chatkit/sessions";

	private static final String FORM = "application/x-www-form-urlencoded";

	@LocalServerPort
	int port;

	static Stream<Arguments> malformed() {
		String json = "application/json";
		String session = SESSIONS + "/" + UUID.randomUUID();
		return Stream.of(Arguments.of("GET", SESSIONS + "?x=%ff", null, null, 400),
				Arguments.of("GET", SESSIONS + "?%ff=1", null, null, 400),
				Arguments.of("GET", SESSIONS + "?x=%e2%82", null, null, 400),
				Arguments.of("GET", SESSIONS + "?limit=%ff", null, null, 400),
				Arguments.of("GET", SESSIONS + "?cursor=%ff", null, null, 400),
				Arguments.of("GET", SESSIONS + "?cursor=" + cursor(Long.MIN_VALUE), null, null, 400),
				Arguments.of("GET", SESSIONS + "?cursor=" + cursor(-9_000_000_000_000_000_000L), null, null, 400),
				Arguments.of("GET", SESSIONS + "?cursor=" + cursor(Long.MAX_VALUE), null, null, 400),
				Arguments.of("GET", SESSIONS + "?cursor=" + cursor(-1), null, null, 400),
				Arguments.of("GET", SESSIONS + "?cursor=" + cursor(253_402_300_800_000_000L), null, null, 400),
				Arguments.of("POST", SESSIONS, "a=%ff", FORM, 415),
				Arguments.of("POST", SESSIONS, "a=%ff&b=%", FORM, 415),
				Arguments.of("POST", SESSIONS + "?x=%ff", "{}", json, 400),
				Arguments.of("POST", session + "/messages", "a=%ff", FORM, 415),
				Arguments.of("POST", session + "/messages?x=%ff", "{\"text\":\"hi\"}", json, 400),
				Arguments.of("DELETE", session + "?x=%ff", null, null, 400),
				Arguments.of("POST", SESSIONS, "--x\r\nbroken", "multipart/form-data; boundary=x", 415),
				Arguments.of("POST", SESSIONS, "{}", "application/json; charset=no-such-charset", 415),
				Arguments.of("POST", SESSIONS, "a=%ff", FORM + "; charset=no-such-charset", 415));
	}

	private static String cursor(long micros) {
		String raw = "v1." + micros + "." + UUID.randomUUID();
		return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
	}

	@ParameterizedTest(name = "{0} {1} {3}")
	@MethodSource("malformed")
	void malformedInputIsAClientErrorInTheEnvelope(String method, String path, String body, String contentType,
			int status) {
		Response response = new ApiClient(this.port).send(method, path, JwtTokens.newUser(), body,
				(contentType != null) ? Map.of("Content-Type", contentType) : Map.of());
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.json().path("success").asBoolean(true)).isFalse();
		assertThat(response.json().path("error").path("code").asString()).isIn("validation_failed", "invalid_request",
				"unsupported_media_type");
		assertThat(response.json().path("error").path("request_id").asString()).isNotBlank();
	}

}
