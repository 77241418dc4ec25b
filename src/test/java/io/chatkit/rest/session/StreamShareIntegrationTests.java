package io.chatkit.rest.session;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.chatkit.rest.llm.FakeOpenRouter;
import io.chatkit.rest.llm.FakeOpenRouter.Reply;
import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.ApiClient.Response;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.FakeUpstreamService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One user cannot take every reply slot: beyond {@code chatkit.streams.max-per-user}
 * running replies their next message is told to come back in a second, while other users
 * go on until the instance-wide cap.
 */
class StreamShareIntegrationTests {

	private static final String SESSIONS = "/api/v1/chatkit/sessions";

	@RegisterExtension
	static final FakeUpstreamService upstream = new FakeUpstreamService().set("chatkit.streams.max-per-user", 3)
		.set("chatkit.streams.max", 5)
		// a reply counts while it runs, attached or not: without a grace it ends with its
		// client
		.set("chatkit.streams.detach-grace", "0s")
		.set("chatkit.streams.keep-alive", "200ms");

	static final FakeOpenRouter fake = upstream.fake();

	private final HttpClient http = HttpClient.newHttpClient();

	private final List<InputStream> held = new ArrayList<>();

	@Test
	void oneUserBeyondTheirShareGets429WhileOthersStreamUntilTheInstanceCap() throws Exception {
		fake.fallback((request) -> Reply.stream().content("working on it").hang());
		ApiClient api = upstream.service().api();
		String greedy = JwtTokens.newUser();
		String greedySession = session(api, greedy);
		for (int i = 0; i < 3; i++) {
			assertThat(hold(greedy, greedySession)).isEqualTo(200);
		}
		Response refused = api.post(SESSIONS + "/" + greedySession + "/messages", greedy, "{\"text\":\"one more\"}");
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.errorCode()).isEqualTo("too_many_streams");
		assertThat(refused.header("Retry-After")).isEqualTo("1");
		assertThat(refused.header("Content-Type")).startsWith("application/json");

		String other = JwtTokens.newUser();
		String otherSession = session(api, other);
		assertThat(hold(other, otherSession)).isEqualTo(200);
		assertThat(hold(other, otherSession)).isEqualTo(200);
		Response full = api.post(SESSIONS + "/" + otherSession + "/messages", other, "{\"text\":\"and another\"}");
		assertThat(full.status()).isEqualTo(503);
		assertThat(full.errorCode()).isEqualTo("service_unavailable");

		this.held.get(0).close();
		await().atMost(Duration.ofSeconds(10)).until(() -> hold(greedy, greedySession) == 200);
		for (InputStream stream : this.held) {
			stream.close();
		}
	}

	private static String session(ApiClient api, String token) {
		return api.post(SESSIONS, token, null).json().path("data").path("id").asString();
	}

	private int hold(String token, String sessionId) throws Exception {
		HttpRequest request = HttpRequest
			.newBuilder(URI
				.create("http://127.0.0.1:" + upstream.service().port() + SESSIONS + "/" + sessionId + "/messages"))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"keep going\"}"))
			.build();
		HttpResponse<InputStream> response = this.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
		if (response.statusCode() == 200) {
			this.held.add(response.body());
		}
		else {
			response.body().close();
		}
		return response.statusCode();
	}

}
