package io.chatkit.rest.ratelimit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.ApiClient.Response;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.ServiceIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The limits file mounted the way Kubernetes mounts a ConfigMap directory: the file is a
 * symlink through {@code ..data}, which is swapped atomically on each update.
 */
@ServiceIntegrationTest
@TestPropertySource(properties = "chatkit.rate-limit.requests-per-minute=30")
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
class LimitsFileIntegrationTests {

	private static final String SESSIONS = "/api/v1/chatkit/sessions";

	private static final Path DIRECTORY = createDirectory();

	private static final AtomicInteger revisions = new AtomicInteger();

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@DynamicPropertySource
	static void limitsFile(DynamicPropertyRegistry registry) {
		registry.add("chatkit.limits.file", () -> DIRECTORY.resolve("limits.properties").toString());
	}

	@Test
	void aRewrittenLimitsFileChangesTheLiveLimitAndSpentRequestsStaySpent(CapturedOutput output) throws Exception {
		ApiClient api = new ApiClient(this.port);
		String token = JwtTokens.newUser();
		for (int i = 0; i < 10; i++) {
			assertThat(api.get(SESSIONS, token).header("RateLimit-Limit")).isEqualTo("30");
		}
		publish("rate-limit.requests-per-minute=15\n");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(metric()).isEqualTo("15.0"));
		Response lowered = api.get(SESSIONS, token);
		assertThat(lowered.status()).isEqualTo(200);
		assertThat(lowered.header("RateLimit-Limit")).isEqualTo("15");
		// 11 of 30 spent, less what refilled (one every 2 s) while the file was picked up
		assertThat(Long.parseLong(lowered.header("RateLimit-Remaining"))).isLessThanOrEqualTo(6);
		while (api.get(SESSIONS, token).status() == 200) {
			assertThat(revisions.get()).isPositive();
		}
		assertThat(api.get(SESSIONS, token).errorCode()).isEqualTo("rate_limited");
		assertThat(output).contains("Limits now in force: 15 requests per minute");

		publish("rate-limit.requests-per-minute=fifteen\n");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> output.getOut().contains("Ignoring a bad value in limits file"));
		// over several polls of the file the bad value stays ignored and is logged only
		// once
		await().during(Duration.ofSeconds(5))
			.atMost(Duration.ofSeconds(7))
			.until(() -> metric().equals("15.0") && output.getOut().split("Ignoring a bad value", -1).length == 2);
		assertThat(output).contains("rate-limit.requests-per-minute must be a whole number above 0, keeping 15");
	}

	private String metric() {
		String body = new ApiClient(this.managementPort).get("/actuator/prometheus", null).body();
		return body.lines()
			.filter((line) -> line.startsWith("chatkit_rate_limit_requests_per_minute{"))
			.map((line) -> line.substring(line.lastIndexOf(' ') + 1))
			.findFirst()
			.orElseThrow();
	}

	private static void publish(String content) throws IOException {
		Path revision = DIRECTORY.resolve("..rev" + revisions.incrementAndGet());
		Files.createDirectory(revision);
		Files.writeString(revision.resolve("limits.properties"), content);
		Path link = DIRECTORY.resolve("..data_tmp");
		Files.createSymbolicLink(link, revision.getFileName());
		Files.move(link, DIRECTORY.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
	}

	private static Path createDirectory() {
		try {
			Path directory = Files.createTempDirectory("chatkit-limits");
			Files.createDirectory(directory.resolve("..rev0"));
			Files.writeString(directory.resolve("..rev0").resolve("limits.properties"), "# defaults\n");
			Files.createSymbolicLink(directory.resolve("..data"), Path.of("..rev0"));
			Files.createSymbolicLink(directory.resolve("limits.properties"), Path.of("..data", "limits.properties"));
			return directory;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
