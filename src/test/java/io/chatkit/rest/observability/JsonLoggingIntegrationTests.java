package io.chatkit.rest.observability;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.chatkit.rest.llm.FakeOpenRouter;
import io.chatkit.rest.llm.FakeOpenRouter.Reply;
import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.RunningService;
import io.chatkit.rest.support.SseEvents;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code chatkit.logging.json=true} log lines are ECS JSON carrying the request id,
 * and neither the bearer token nor the database password appears in any of them.
 */
@ExtendWith(OutputCaptureExtension.class)
class JsonLoggingIntegrationTests {

	@Test
	void requestLogLinesAreJsonWithTheRequestIdAndNoSecrets(CapturedOutput output) {
		String token = JwtTokens.newUser();
		try (RunningService app = RunningService.with().set("chatkit.logging.json", true).start()) {
			ApiClient api = app.api();
			api.send("GET", "/api/v1/chatkit/sessions", token, null, Map.of("X-Request-Id", "json-log-test-42"));
			api.send("POST", "/api/v1/chatkit/sessions", token, "{\"title\":\"private title text\"}",
					Map.of("Content-Type", "application/json", "X-Request-Id", "json-log-test-43"));
		}
		String line = output.getOut()
			.lines()
			.filter((l) -> l.contains("json-log-test-42"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no log line carries the request id"));
		assertThat(line).startsWith("{").endsWith("}").contains("\"request_id\":\"json-log-test-42\"");
		assertThat(line).contains("\"log\":{\"level\":\"INFO\"").contains("\"@timestamp\"");
		assertThat(output.getAll()).doesNotContain(token)
			.doesNotContain(JwtTokens.SECRET)
			.doesNotContain("private title text");
	}

	/**
	 * A reply stream outlives the request thread that started it: its access line is
	 * written once, when the stream ends, with the stream's whole duration and its
	 * request id.
	 */
	@Test
	void aReplyStreamsAccessLineIsWrittenWhenItEnds(CapturedOutput output) {
		String token = JwtTokens.newUser();
		try (FakeOpenRouter upstream = FakeOpenRouter.start();
				RunningService app = RunningService.with()
					.set("chatkit.logging.json", true)
					.set("chatkit.llm.base-url", upstream.baseUrl())
					.start()) {
			upstream.enqueue(Reply.text("one ", "two ", "three ", "four ").delayEachChunk(Duration.ofMillis(250)));
			ApiClient api = app.api();
			String session = api.post("/api/v1/chatkit/sessions", token, null)
				.json()
				.path("data")
				.path("id")
				.asString();
			long started = System.nanoTime();
			ApiClient.Response stream = api.send("POST", "/api/v1/chatkit/sessions/" + session + "/messages", token,
					"{\"text\":\"count\"}", Map.of("Content-Type", "application/json", "X-Request-Id", "stream-log-7"));
			long streamMillis = (System.nanoTime() - started) / 1_000_000;
			assertThat(SseEvents.names(SseEvents.parse(stream.body()))).startsWith("start").endsWith("done");
			assertThat(streamMillis).isGreaterThanOrEqualTo(1000);
			JsonMapper json = JsonMapper.builder().build();
			List<JsonNode> lines = output.getOut()
				.lines()
				.filter((l) -> l.startsWith("{") && l.contains("\"request_id\":\"stream-log-7\""))
				.map(json::readTree)
				.filter((l) -> l.path("log").path("logger").asString().equals("io.chatkit.rest.access"))
				.toList();
			assertThat(lines).hasSize(1);
			String message = lines.getFirst().path("message").asString();
			assertThat(message).startsWith("POST /api/v1/chatkit/sessions/" + session + "/messages 200 ");
			long loggedMillis = Long.parseLong(message.substring(message.lastIndexOf(' ') + 1, message.length() - 2));
			// the line came at the end of the stream, not when the request thread
			// returned
			assertThat(loggedMillis).isGreaterThanOrEqualTo(750).isLessThanOrEqualTo(streamMillis);
		}
	}

}
