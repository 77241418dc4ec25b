package io.chatkit.rest.observability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.chatkit.rest.llm.FakeOpenRouter;
import io.chatkit.rest.llm.FakeOpenRouter.Reply;
import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.RunningService;
import io.chatkit.rest.support.SseEvents;
import io.chatkit.rest.support.SseEvents.Event;
import io.chatkit.rest.support.TestPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shutting down (what SIGTERM triggers) lets an open reply stream finish within the grace
 * period and stores it complete.
 */
class GracefulShutdownIntegrationTests {

	@Test
	void aSlowStreamOpenAtShutdownFinishesAndIsStoredComplete() throws Exception {
		TestPostgres.Server postgres = TestPostgres.get();
		try (FakeOpenRouter upstream = FakeOpenRouter.start()) {
			upstream.enqueue(Reply.text("one ", "two ", "three ", "four ", "five ", "six ")
				.delayEachChunk(Duration.ofMillis(300)));
			RunningService app = RunningService.with()
				.set("spring.datasource.hikari.maximum-pool-size", 3)
				.set("chatkit.llm.base-url", upstream.baseUrl())
				.set("spring.lifecycle.timeout-per-shutdown-phase", "20s")
				.start();
			int port = app.port();
			String token = JwtTokens.newUser();
			String session = new ApiClient(port).post("/api/v1/chatkit/sessions", token, null)
				.json()
				.path("data")
				.path("id")
				.asString();
			HttpRequest request = HttpRequest
				.newBuilder(
						URI.create("http://127.0.0.1:" + port + "/api/v1/chatkit/sessions/" + session + "/messages"))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"count slowly\"}"))
				.build();
			CompletableFuture<HttpResponse<String>> stream = HttpClient.newHttpClient()
				.sendAsync(request, HttpResponse.BodyHandlers.ofString());
			await().atMost(Duration.ofSeconds(10)).until(() -> upstream.calls() == 1);

			long closing = System.nanoTime();
			app.close();
			long shutdownMillis = (System.nanoTime() - closing) / 1_000_000;

			HttpResponse<String> response = stream.get(10, TimeUnit.SECONDS);
			List<Event> events = SseEvents.parse(response.body());
			assertThat(SseEvents.names(events)).startsWith("start").endsWith("done");
			assertThat(SseEvents.text(events)).isEqualTo("one two three four five six ");
			assertThat(shutdownMillis).isLessThan(20_000);
			JdbcTemplate jdbc = new JdbcTemplate(
					new DriverManagerDataSource(postgres.jdbcUrl(), postgres.username(), postgres.password()));
			assertThat(jdbc.queryForList(
					"select status || ':' || content from chat_messages where session_id = ?::uuid and role = 'assistant'",
					String.class, session))
				.containsExactly("complete:one two three four five six ");
		}
	}

}
