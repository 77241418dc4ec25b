package io.chatkit.rest.security;

import java.util.Map;

import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.ApiClient.Response;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.ServiceIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@ServiceIntegrationTest
@TestPropertySource(properties = "chatkit.cors.origins=https://app.example.com, https://admin.example.com")
class CorsIntegrationTests {

	private static final String SESSIONS = "/api/v1/chatkit/sessions";

	@LocalServerPort
	int port;

	ApiClient api;

	@BeforeEach
	void setUp() {
		this.api = new ApiClient(this.port);
	}

	@Test
	void aPreflightFromAnAllowedOriginGetsTheAllowedMethodsAndHeaders() {
		Response response = this.api.send("OPTIONS", SESSIONS, null, null,
				Map.of("Origin", "https://app.example.com", "Access-Control-Request-Method", "POST",
						"Access-Control-Request-Headers", "Authorization, Content-Type, X-Request-Id"));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
		assertThat(response.header("Access-Control-Allow-Methods")).contains("GET", "POST", "PUT", "DELETE", "PATCH",
				"OPTIONS");
		assertThat(response.header("Access-Control-Allow-Headers").toLowerCase()).contains("authorization",
				"content-type", "x-request-id");
	}

	@Test
	void aPreflightFromAnotherOriginIsForbiddenInTheEnvelope() {
		Response response = this.api.send("OPTIONS", SESSIONS, null, null,
				Map.of("Origin", "https://evil.example.com", "Access-Control-Request-Method", "POST"));
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.errorCode()).isEqualTo("forbidden");
		assertThat(response.header("Access-Control-Allow-Origin")).isNull();
	}

	@Test
	void aRequestFromAnotherOriginIsForbidden() {
		Response response = this.api.send("GET", SESSIONS, JwtTokens.newUser(), null,
				Map.of("Origin", "https://evil.example.com"));
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.errorCode()).isEqualTo("forbidden");
	}

	@Test
	void aRequestFromAnAllowedOriginIsAnsweredWithTheOriginAllowed() {
		Response response = this.api.send("GET", SESSIONS, JwtTokens.newUser(), null,
				Map.of("Origin", "https://admin.example.com"));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("https://admin.example.com");
	}

}
