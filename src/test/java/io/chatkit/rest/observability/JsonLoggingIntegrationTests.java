package io.chatkit.rest.observability;

import java.util.Map;

import io.chatkit.rest.ChatkitRestApplication;
import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code chatkit.logging.json=true} log lines are ECS JSON carrying the request id,
 * and neither the bearer token nor the database password appears in any of them.
 */
@ExtendWith(OutputCaptureExtension.class)
class JsonLoggingIntegrationTests {

	@Test
	void requestLogLinesAreJsonWithTheRequestIdAndNoSecrets(CapturedOutput output) {
		TestPostgres.Server postgres = TestPostgres.get();
		String token = JwtTokens.newUser();
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(ChatkitRestApplication.class).run(
				"--server.port=0", "--management.server.port=0", "--chatkit.logging.json=true",
				"--chatkit.security.jwt.secret=" + JwtTokens.SECRET, "--spring.datasource.url=" + postgres.jdbcUrl(),
				"--spring.datasource.username=" + postgres.username(),
				"--spring.datasource.password=" + postgres.password())) {
			int port = ((WebServerApplicationContext) app).getWebServer().getPort();
			ApiClient api = new ApiClient(port);
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
