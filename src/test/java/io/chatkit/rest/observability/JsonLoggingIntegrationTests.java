package io.chatkit.rest.observability;

import java.util.Map;

import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.RunningService;
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

}
