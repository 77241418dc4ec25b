package io.chatkit.rest.ratelimit;

import java.util.Map;

import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.ApiClient.Response;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.ServiceIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@ServiceIntegrationTest
@TestPropertySource(properties = { "chatkit.rate-limit.requests-per-minute=5",
		"chatkit.rate-limit.trusted-proxies=127.0.0.1/32, ::1/128" })
@DirtiesContext
class TrustedProxyIntegrationTests {

	private static final String SESSIONS = "/api/v1/chatkit/sessions";

	@LocalServerPort
	int port;

	@Test
	void behindATrustedProxyEachForwardedClientHasItsOwnBucket() {
		ApiClient api = new ApiClient(this.port);
		String token = JwtTokens.newUser();
		for (int i = 0; i < 5; i++) {
			assertThat(get(api, token, "203.0.113.10").status()).isEqualTo(200);
		}
		assertThat(get(api, token, "203.0.113.10").status()).isEqualTo(429);
		assertThat(get(api, token, "9.9.9.9, 203.0.113.10").status()).isEqualTo(429);
		Response other = get(api, token, "203.0.113.10, 203.0.113.11");
		assertThat(other.status()).isEqualTo(200);
		assertThat(other.header("RateLimit-Remaining")).isEqualTo("4");
	}

	private static Response get(ApiClient api, String token, String forwardedFor) {
		return api.send("GET", SESSIONS, token, null, Map.of("X-Forwarded-For", forwardedFor));
	}

}
