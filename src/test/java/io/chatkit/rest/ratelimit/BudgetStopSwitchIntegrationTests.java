package io.chatkit.rest.ratelimit;

import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.ApiClient.Response;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.ServiceIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deployment budget of 0 stops every new reply, with nothing spent yet, while the rest
 * of the API keeps working.
 */
@ServiceIntegrationTest
@TestPropertySource(properties = "chatkit.budget.daily-usd=0")
@DirtiesContext
class BudgetStopSwitchIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void aZeroDeploymentBudgetRefusesEveryMessageButNotTheOtherEndpoints() {
		ApiClient api = new ApiClient(this.port);
		String token = JwtTokens.newUser();
		Response created = api.post("/api/v1/chatkit/sessions", token, null);
		assertThat(created.status()).isEqualTo(200);
		String session = created.json().path("data").path("id").asString();
		Response refused = api.post("/api/v1/chatkit/sessions/" + session + "/messages", token, "{\"text\":\"hi\"}");
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.errorCode()).isEqualTo("budget_exceeded");
		// a switch on-call flipped has no time to wait for
		assertThat(refused.header("Retry-After")).isNull();
		assertThat(refused.json().path("error").path("message").asString()).contains("paused");
		assertThat(
				api.get("/api/v1/chatkit/sessions/" + session, token).json().path("data").path("message_count").asInt())
			.isZero();
		assertThat(api.get("/api/v1/chatkit/sessions", token).status()).isEqualTo(200);
	}

}
