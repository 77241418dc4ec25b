package io.chatkit.rest.console;

import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.ApiClient.Response;
import io.chatkit.rest.support.ServiceIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console under the dev launcher's profile, where one-click sign-in exists.
 */
@ServiceIntegrationTest
@ActiveProfiles("dev")
@TestPropertySource(properties = "spring.datasource.hikari.maximum-pool-size=5")
@DirtiesContext
class ConsoleDevSignInIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void theConsoleConfigOffersDevSignInAndTheTokenItLeadsToIsAccepted() {
		ApiClient http = new ApiClient(this.port);
		assertThat(http.get("/console/config.json", null).json().path("dev_sign_in").asBoolean()).isTrue();
		Response token = http.get("/dev/token?sub=dev-user", null);
		assertThat(token.status()).isEqualTo(200);
		assertThat(token.header("Content-Type")).startsWith("text/plain");
		Response sessions = http.get("/api/v1/chatkit/sessions", token.body());
		assertThat(sessions.status()).isEqualTo(200);
	}

}
