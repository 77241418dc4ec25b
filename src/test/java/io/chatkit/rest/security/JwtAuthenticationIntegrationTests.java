package io.chatkit.rest.security;

import java.time.Instant;
import java.util.stream.Stream;

import com.nimbusds.jwt.JWTClaimsSet;
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
 * Tokens an attacker might send are refused with 401 {@code unauthorized} and a
 * {@code WWW-Authenticate: Bearer} challenge.
 */
@ServiceIntegrationTest
class JwtAuthenticationIntegrationTests {

	@LocalServerPort
	int port;

	ApiClient api;

	@BeforeEach
	void setUp() {
		this.api = new ApiClient(this.port);
	}

	static Stream<Arguments> badTokens() {
		return Stream.of(Arguments.of("expired", JwtTokens.expired("mallory")),
				Arguments.of("not yet valid", JwtTokens.notYetValid("mallory")),
				Arguments.of("wrong key", JwtTokens.wrongKey("mallory")),
				Arguments.of("alg none", JwtTokens.algNone("mallory")),
				Arguments.of("no sub", JwtTokens.withoutSubject()),
				Arguments.of("blank sub",
						JwtTokens.withClaims(JwtTokens.claims(" ", Instant.now().plusSeconds(600)).build())),
				Arguments.of("garbage", "not.a.jwt"), Arguments.of("empty segments", ".."),
				Arguments.of("huge", JwtTokens.forUser("m".repeat(20_000))));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badTokens")
	void aBadTokenIsUnauthorized(String name, String token) {
		Response response = this.api.get("/api/v1/chatkit/sessions", token);
		assertThat(response.status()).as(name).isEqualTo(401);
		assertThat(response.errorCode()).isEqualTo("unauthorized");
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
	}

	@Test
	void aTokenLargerThanTheHeaderLimitIsUnauthorizedInTheEnvelope() {
		Response response = this.api.get("/api/v1/chatkit/sessions", "a".repeat(100_000));
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.errorCode()).isEqualTo("unauthorized");
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
		assertThat(response.header("X-Request-Id")).isNotBlank();
	}

	@Test
	void aMissingTokenIsUnauthorizedWithABearerChallenge() {
		Response response = this.api.get("/api/v1/chatkit/sessions", null);
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
	}

	@Test
	void aNonBearerSchemeIsUnauthorized() {
		Response response = this.api.send("GET", "/api/v1/chatkit/sessions", null, null,
				java.util.Map.of("Authorization", "Basic YWxpY2U6c2VjcmV0"));
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.errorCode()).isEqualTo("unauthorized");
	}

	@Test
	void aTokenWithoutExpiryIsUnauthorizedWithAMessageNamingTheClaim() {
		String token = JwtTokens.withClaims(new JWTClaimsSet.Builder().subject("alice").build());
		Response response = this.api.get("/api/v1/chatkit/sessions", token);
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.errorCode()).isEqualTo("unauthorized");
		assertThat(response.json().path("error").path("message").asString()).contains("exp is required");
	}

	@Test
	void aValidTokenIsAccepted() {
		assertThat(this.api.get("/api/v1/chatkit/sessions", JwtTokens.newUser()).status()).isEqualTo(200);
	}

}
