package io.chatkit.rest.web;

import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.ApiClient.Response;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.ServiceIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every row of the error table that a bad request can reach answers with its status and
 * code in the error envelope, never a 500.
 */
@ServiceIntegrationTest
class BadInputIntegrationTests {

	private static final String SESSIONS = "/api/v1/chatkit/sessions";

	private static final String TOKEN = JwtTokens.forUser("bad-input-user");

	@LocalServerPort
	int port;

	ApiClient api;

	@BeforeEach
	void setUp() {
		this.api = new ApiClient(this.port);
	}

	static Stream<Arguments> badRequests() {
		String json = "application/json";
		String big = "{\"title\":\"" + "x".repeat(70 * 1024) + "\"}";
		String deep = "[".repeat(5000) + "]".repeat(5000);
		return Stream.of(
				Arguments.of("title too long", "POST", SESSIONS, "{\"title\":\"" + "t".repeat(201) + "\"}", json, 400,
						"validation_failed"),
				Arguments.of("limit zero", "GET", SESSIONS + "?limit=0", null, null, 400, "validation_failed"),
				Arguments.of("limit too high", "GET", SESSIONS + "?limit=101", null, null, 400, "validation_failed"),
				Arguments.of("limit not a number", "GET", SESSIONS + "?limit=abc", null, null, 400,
						"validation_failed"),
				Arguments.of("cursor not issued", "GET", SESSIONS + "?cursor=bogus", null, null, 400,
						"validation_failed"),
				Arguments.of("cursor base64 garbage", "GET", SESSIONS + "?cursor=djEuMTIzLm5vdC1hLXV1aWQ", null, null,
						400, "validation_failed"),
				Arguments.of("malformed json", "POST", SESSIONS, "{\"title\":", json, 400, "invalid_request"),
				Arguments.of("wrong type", "POST", SESSIONS, "{\"title\":{\"a\":1}}", json, 400, "invalid_request"),
				Arguments.of("json array instead of object", "POST", SESSIONS, "[1,2]", json, 400, "invalid_request"),
				Arguments.of("deeply nested json", "POST", SESSIONS, deep, json, 400, "invalid_request"),
				Arguments.of("missing message body", "POST", SESSIONS + "/" + UUID.randomUUID() + "/messages", null,
						json, 400, "invalid_request"),
				Arguments.of("non-uuid path id", "GET", SESSIONS + "/not-a-uuid", null, null, 404, "not_found"),
				Arguments.of("unknown session", "GET", SESSIONS + "/" + UUID.randomUUID(), null, null, 404,
						"not_found"),
				Arguments.of("unknown api route", "GET", "/api/v1/chatkit/nothing-here", null, null, 404, "not_found"),
				Arguments.of("unknown route", "GET", "/no/such/page", null, null, 404, "not_found"),
				Arguments.of("encoded slash in the path", "GET", SESSIONS + "/a%2Fb", null, null, 400,
						"invalid_request"),
				Arguments.of("encoded backslash in the path", "GET", SESSIONS + "/a%5Cb", null, null, 400,
						"invalid_request"),
				Arguments.of("encoded NUL in the path", "GET", SESSIONS + "/a%00b", null, null, 400, "invalid_request"),
				Arguments.of("braces in the path", "GET", SESSIONS + "/%7Bid%7D", null, null, 404, "not_found"),
				Arguments.of("method not allowed", "PUT", SESSIONS, "{}", json, 405, "method_not_allowed"),
				Arguments.of("patch not allowed", "PATCH", SESSIONS + "/" + UUID.randomUUID(), "{}", json, 405,
						"method_not_allowed"),
				Arguments.of("body over 64 KiB", "POST", SESSIONS, big, json, 413, "payload_too_large"),
				Arguments.of("text/plain body", "POST", SESSIONS, "{\"title\":\"x\"}", "text/plain", 415,
						"unsupported_media_type"),
				Arguments.of("form body", "POST", SESSIONS, "title=x", "application/x-www-form-urlencoded", 415,
						"unsupported_media_type"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badRequests")
	void badRequestsGetTheirCodeInTheErrorEnvelope(String name, String method, String path, String body,
			String contentType, int status, String code) {
		Map<String, String> headers = (contentType != null) ? Map.of("Content-Type", contentType) : Map.of();
		Response response = this.api.send(method, path, TOKEN, body, headers);
		assertThat(response.status()).as(name).isEqualTo(status);
		assertThat(response.json().path("success").asBoolean()).isFalse();
		assertThat(response.errorCode()).as(name).isEqualTo(code);
		assertThat(response.json().path("error").path("message").asString()).isNotBlank();
		assertThat(response.json().path("error").path("request_id").asString())
			.isEqualTo(response.header("X-Request-Id"));
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("at io.").doesNotContain("SQL");
	}

	@Test
	void headersOverTheLimitAreRefusedInTheEnvelope() {
		Response response = this.api.send("GET", SESSIONS, null, null, Map.of("X-Padding", "p".repeat(100_000)));
		assertThat(response.status()).isEqualTo(431);
		assertThat(response.errorCode()).isEqualTo("request_header_fields_too_large");
		assertThat(response.header("X-Request-Id")).isNotBlank();
	}

	@Test
	void headersUpTo8KiBAreAcceptedAndAbove8KiBRefused() {
		// the limit is Tomcat's header buffer, kept for as long as a stream is open
		Response within = this.api.send("GET", SESSIONS, TOKEN, null, Map.of("X-Padding", "p".repeat(7_000)));
		assertThat(within.status()).isEqualTo(200);
		Response over = this.api.send("GET", SESSIONS, TOKEN, null, Map.of("X-Padding", "p".repeat(8_500)));
		assertThat(over.status()).isEqualTo(431);
		assertThat(over.errorCode()).isEqualTo("request_header_fields_too_large");
	}

	@Test
	void aBigHeaderBesideAGoodTokenIsTooLargeNotUnauthorized() {
		Response response = this.api.send("GET", SESSIONS, TOKEN, null, Map.of("X-Big", "b".repeat(70_000)));
		assertThat(response.status()).isEqualTo(431);
		assertThat(response.errorCode()).isEqualTo("request_header_fields_too_large");
		assertThat(response.header("WWW-Authenticate")).isNull();
	}

	@Test
	void aBigHeaderSentBeforeTheTokenIsTooLargeNotUnauthorized() {
		// the client sends headers sorted by name, so this one precedes Authorization
		Response response = this.api.send("GET", SESSIONS, TOKEN, null, Map.of("A-Big", "b".repeat(70_000)));
		assertThat(response.status()).isEqualTo(431);
		assertThat(response.errorCode()).isEqualTo("request_header_fields_too_large");
	}

	@Test
	void aBigCookieBesideAGoodTokenIsTooLargeNotUnauthorized() {
		Response response = this.api.send("GET", SESSIONS, TOKEN, null, Map.of("Cookie", "c=" + "c".repeat(70_000)));
		assertThat(response.status()).isEqualTo(431);
		assertThat(response.errorCode()).isEqualTo("request_header_fields_too_large");
	}

	@Test
	void jsonWithACharsetIsAccepted() {
		Response response = this.api.send("POST", SESSIONS, TOKEN, "{\"title\":\"charset\"}",
				Map.of("Content-Type", "application/json; charset=utf-8"));
		assertThat(response.status()).isEqualTo(200);
	}

	@Test
	void messageTextIsValidatedAfterTrimming() {
		String id = this.api.post(SESSIONS, TOKEN, "{}").json().path("data").path("id").asString();
		String path = SESSIONS + "/" + id + "/messages";
		assertThat(this.api.post(path, TOKEN, "{\"text\":\"   \"}").errorCode()).isEqualTo("validation_failed");
		assertThat(this.api.post(path, TOKEN, "{\"text\":\"\"}").errorCode()).isEqualTo("validation_failed");
		assertThat(this.api.post(path, TOKEN, "{}").errorCode()).isEqualTo("validation_failed");
		assertThat(this.api.post(path, TOKEN, "{\"text\":\"" + "y".repeat(4001) + "\"}").errorCode())
			.isEqualTo("validation_failed");
		assertThat(this.api.post(path, TOKEN, "{\"text\":42}").errorCode()).isEqualTo("invalid_request");
	}

	@Test
	void aSaneClientRequestIdIsEchoedAndAnInsaneOneReplaced() {
		Response sane = this.api.send("GET", SESSIONS, TOKEN, null, Map.of("X-Request-Id", "abc-123"));
		assertThat(sane.header("X-Request-Id")).isEqualTo("abc-123");
		Response tooLong = this.api.send("GET", SESSIONS, TOKEN, null, Map.of("X-Request-Id", "r".repeat(201)));
		assertThat(tooLong.header("X-Request-Id")).isNotEqualTo("r".repeat(201)).hasSizeLessThanOrEqualTo(200);
		Response spaced = this.api.send("GET", SESSIONS, TOKEN, null, Map.of("X-Request-Id", "a b<script>"));
		assertThat(spaced.header("X-Request-Id")).isNotEqualTo("a b<script>");
	}

	@Test
	void healthIsOpenAndHealthyWithoutAToken() {
		Response response = this.api.get("/health", null);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().path("status").asString()).isEqualTo("healthy");
	}

}
