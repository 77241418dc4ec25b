package io.chatkit.rest.session;

import java.util.List;
import java.util.UUID;

import io.chatkit.rest.observability.ErrorReportingSlice;
import io.chatkit.rest.security.ApiSecuritySlice;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.web.ApiException;
import io.chatkit.rest.web.ErrorCode;
import io.chatkit.rest.web.ErrorEnvelopeSlice;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;

/**
 * The sessions and messages endpoints in a web slice: the error table of the contract
 * (every refusal in the error envelope with its status and code, and the headers that
 * travel with it) in front of a stubbed service layer. The request rate limit is left
 * out: it lives in Redis and is tested against a real one.
 */
@WebMvcTest(controllers = { SessionController.class, MessageController.class },
		properties = "chatkit.security.jwt.secret=" + JwtTokens.SECRET,
		excludeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
				pattern = "io\\.chatkit\\.rest\\.ratelimit\\..*"))
@Import({ ApiSecuritySlice.class, ErrorEnvelopeSlice.class, ErrorReportingSlice.class })
class SessionControllerTests {

	private static final String SESSIONS = "/api/v1/chatkit/sessions";

	private static final UUID ID = UUID.fromString("6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b");

	private final String token = JwtTokens.forUser("user-1");

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	SessionService sessions;

	@MockitoBean
	ReplyStreamer replies;

	@MockitoBean
	ReplyAttacher attacher;

	@MockitoBean
	IdempotencyKeys idempotencyKeys;

	@Test
	void anEmptyListIsASuccessEnvelopeWithANullNextCursor() {
		given(this.sessions.list("user-1", 50, null)).willReturn(new SessionService.Page(List.of(), null));
		MvcTestResult result = this.mvc.get().uri(SESSIONS).headers(this::authorized).exchange();
		assertThat(result).hasStatusOk().hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
		assertThat(result).bodyJson()
			.isLenientlyEqualTo("{\"success\":true,\"data\":[],\"meta\":{\"next_cursor\":null}}");
	}

	@Test
	void withoutATokenTheAnswerIs401AskingForABearerToken() {
		MvcTestResult result = this.mvc.get().uri(SESSIONS).exchange();
		assertError(result, 401, "unauthorized", "Bearer token is required");
		assertThat(result).headers().hasValue(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
	}

	@Test
	void aTokenSignedWithAnotherKeyIs401NamingTheTokenInvalid() {
		MvcTestResult result = this.mvc.get()
			.uri(SESSIONS)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + JwtTokens.wrongKey("user-1"))
			.exchange();
		assertThat(result).hasStatus(401);
		assertThat(result).bodyJson().extractingPath("$.error.code").isEqualTo("unauthorized");
		assertThat(result).headers().hasValue(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
	}

	@Test
	void aLimitOutOfRangeIs400ValidationFailed() {
		assertError(this.mvc.get().uri(SESSIONS + "?limit=0").headers(this::authorized).exchange(), 400,
				"validation_failed", "limit must be between 1 and 100");
		assertError(this.mvc.get().uri(SESSIONS + "?limit=101").headers(this::authorized).exchange(), 400,
				"validation_failed", "limit must be between 1 and 100");
	}

	@Test
	void aLimitThatIsNotANumberIs400ValidationFailed() {
		assertError(this.mvc.get().uri(SESSIONS + "?limit=ten").headers(this::authorized).exchange(), 400,
				"validation_failed", "limit has an invalid value");
	}

	@Test
	void aBlankCursorIs400ValidationFailed() {
		assertError(this.mvc.get().uri(SESSIONS).param("cursor", " ").headers(this::authorized).exchange(), 400,
				"validation_failed", "cursor is not one this service issued");
	}

	@Test
	void aTitleOverTwoHundredCharactersIs400ValidationFailed() {
		assertError(postJson(SESSIONS, "{\"title\":\"" + "ü".repeat(201) + "\"}"), 400, "validation_failed",
				"title must be at most 200 characters");
	}

	@Test
	void malformedJsonIs400InvalidRequest() {
		assertError(postJson(SESSIONS, "{\"title\":"), 400, "invalid_request",
				"Request body is not valid JSON of the expected shape");
	}

	@Test
	void aNumberWhereTextBelongsIs400InvalidRequest() {
		assertError(postJson(SESSIONS, "{\"title\":5}"), 400, "invalid_request",
				"Request body is not valid JSON of the expected shape");
	}

	@Test
	void aMessageWithoutBodyIs400InvalidRequest() {
		assertError(this.mvc.post()
			.uri(SESSIONS + "/" + ID + "/messages")
			.headers(this::authorized)
			.contentType(MediaType.APPLICATION_JSON)
			.exchange(), 400, "invalid_request", "Request body is missing");
	}

	@Test
	void anEmptyMessageIs400ValidationFailed() {
		assertError(postJson(SESSIONS + "/" + ID + "/messages", "{\"text\":\"   \"}"), 400, "validation_failed",
				"text must not be empty");
	}

	@Test
	void anotherUsersSessionIs403Forbidden() {
		given(this.sessions.get("user-1", ID))
			.willThrow(new ApiException(ErrorCode.FORBIDDEN, "Session " + ID + " belongs to another user"));
		assertError(this.mvc.get().uri(SESSIONS + "/" + ID).headers(this::authorized).exchange(), 403, "forbidden",
				"Session " + ID + " belongs to another user");
	}

	@Test
	void anUnknownSessionIs404NotFound() {
		willThrow(new ApiException(ErrorCode.NOT_FOUND, "No such session: " + ID)).given(this.sessions)
			.delete("user-1", ID);
		assertError(this.mvc.delete().uri(SESSIONS + "/" + ID).headers(this::authorized).exchange(), 404, "not_found",
				"No such session: " + ID);
	}

	@Test
	void aPathIdThatIsNotAUuidIs404NotFound() {
		assertError(this.mvc.get().uri(SESSIONS + "/not-a-uuid").headers(this::authorized).exchange(), 404, "not_found",
				"No such id: not a UUID");
	}

	@Test
	void anUnknownRouteIs404NotFound() {
		assertError(this.mvc.get().uri("/api/v1/chatkit/nothing-here").headers(this::authorized).exchange(), 404,
				"not_found", "No such route");
	}

	@Test
	void aMethodTheRouteDoesNotTakeIs405NamingTheAllowedOnes() {
		MvcTestResult result = this.mvc.put().uri(SESSIONS).headers(this::authorized).exchange();
		assertError(result, 405, "method_not_allowed", "Method PUT is not allowed here");
		assertThat(result.getResponse().getHeader(HttpHeaders.ALLOW)).contains("GET").contains("POST");
	}

	@Test
	void aBodyOver64KibIs413PayloadTooLarge() {
		String text = "x".repeat(64 * 1024);
		assertError(postJson(SESSIONS + "/" + ID + "/messages", "{\"text\":\"" + text + "\"}"), 413,
				"payload_too_large", "Request body is larger than 64 KiB");
	}

	@Test
	void aBodyThatIsNotJsonIs415UnsupportedMediaType() {
		assertError(post(SESSIONS, MediaType.TEXT_PLAIN, "title=x"), 415, "unsupported_media_type",
				"Content-Type must be application/json");
		assertError(post(SESSIONS, MediaType.APPLICATION_FORM_URLENCODED, "title=x"), 415, "unsupported_media_type",
				"Content-Type must be application/json");
	}

	@Test
	void aSpentBudgetIs429WithRetryAfter() throws Exception {
		MvcTestResult result = sendRefusedWith(ErrorCode.BUDGET_EXCEEDED,
				"Your daily cost budget is spent; try again after midnight UTC", "3600");
		assertError(result, 429, "budget_exceeded", "Your daily cost budget is spent; try again after midnight UTC");
		assertThat(result).headers().hasValue(HttpHeaders.RETRY_AFTER, "3600");
	}

	@Test
	void tooManyRunningRepliesIs429WithRetryAfterOneSecond() throws Exception {
		MvcTestResult result = sendRefusedWith(ErrorCode.TOO_MANY_STREAMS, "At most 16 replies may run at once", "1");
		assertError(result, 429, "too_many_streams", "At most 16 replies may run at once");
		assertThat(result).headers().hasValue(HttpHeaders.RETRY_AFTER, "1");
	}

	/**
	 * Sends a message that the reply's admission refuses, before any stream starts.
	 */
	private MvcTestResult sendRefusedWith(ErrorCode code, String message, String retryAfter) throws Exception {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, retryAfter);
		willThrow(new ApiException(code, message, headers)).given(this.replies)
			.stream(eq("user-1"), any(), eq("Hallo"), any(), any(), any());
		return postJson(SESSIONS + "/" + ID + "/messages", "{\"text\":\"Hallo\"}");
	}

	@Test
	void anIdempotencyKeyReusedWithAnotherBodyIs409() {
		given(this.idempotencyKeys.claim(eq("user-1"), eq("key-1"), eq(ID), any())).willThrow(new ApiException(
				ErrorCode.IDEMPOTENCY_CONFLICT, "Idempotency-Key key-1 was used with a different body"));
		MvcTestResult result = this.mvc.post()
			.uri(SESSIONS + "/" + ID + "/messages")
			.headers(this::authorized)
			.header("Idempotency-Key", "key-1")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"text\":\"Hallo\"}")
			.exchange();
		assertError(result, 409, "idempotency_conflict", "Idempotency-Key key-1 was used with a different body");
	}

	@Test
	void anUnreachableDatabaseIs503ServiceUnavailable() {
		given(this.sessions.list(eq("user-1"), anyInt(), any()))
			.willThrow(new CannotCreateTransactionException("Could not open JPA EntityManager"));
		assertError(this.mvc.get().uri(SESSIONS).headers(this::authorized).exchange(), 503, "service_unavailable",
				"The database is unavailable; try again shortly");
	}

	@Test
	void anythingElseIs500WithoutStackTraceOrSql() {
		given(this.sessions.get("user-1", ID))
			.willThrow(new IllegalStateException("select * from chat_sessions where user_id = 'user-1'"));
		MvcTestResult result = this.mvc.get().uri(SESSIONS + "/" + ID).headers(this::authorized).exchange();
		assertError(result, 500, "internal_error", "Internal error");
		assertThat(result).body().asString().doesNotContain("select").doesNotContain("IllegalStateException");
	}

	@Test
	void theEnvelopeCarriesTheRequestIdTheClientSent() {
		MvcTestResult result = this.mvc.get().uri(SESSIONS).header("X-Request-Id", "req-42").exchange();
		assertError(result, 401, "unauthorized", "Bearer token is required");
		assertThat(result).bodyJson().extractingPath("$.error.request_id").isEqualTo("req-42");
	}

	/**
	 * The settings the message endpoint reads, which a slice does not scan for.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	@EnableConfigurationProperties(MessagesProperties.class)
	static class MessageSettings {

	}

	private MvcTestResult postJson(String path, String json) {
		return post(path, MediaType.APPLICATION_JSON, json);
	}

	private MvcTestResult post(String path, MediaType contentType, String body) {
		return this.mvc.post().uri(path).headers(this::authorized).contentType(contentType).content(body).exchange();
	}

	private void authorized(HttpHeaders headers) {
		headers.setBearerAuth(this.token);
	}

	private static void assertError(MvcTestResult result, int status, String code, String message) {
		assertThat(result).hasStatus(status).hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
		String requestId = result.getResponse().getHeader("X-Request-Id");
		assertThat(requestId).isNotBlank();
		assertThat(result).bodyJson()
			.isStrictlyEqualTo("{\"success\":false,\"error\":{\"code\":\"" + code + "\",\"message\":\""
					+ message.replace("\"", "\\\"") + "\",\"request_id\":\"" + requestId + "\"}}");
	}

}
