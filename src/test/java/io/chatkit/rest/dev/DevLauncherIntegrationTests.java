package io.chatkit.rest.dev;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.ApiClient.Response;
import io.chatkit.rest.support.SseEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dev launcher as a developer runs it, in its own JVM stopped with SIGTERM: its
 * embedded PostgreSQL keeps the data folder across starts, and a reply streaming when the
 * signal comes is still stored, because the database stops after the application.
 */
class DevLauncherIntegrationTests {

	private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

	@TempDir
	Path data;

	@Test
	void aSessionAndTheReplyStreamingAtSigtermSurviveARestart() throws Exception {
		String session;
		String streamed;
		try (Launcher first = Launcher.start(this.data)) {
			String token = first.token("alice");
			session = first.api.post("/api/v1/chatkit/sessions", token, null).json().path("data").path("id").asString();
			HttpRequest send = HttpRequest
				.newBuilder(URI.create(first.base() + "/api/v1/chatkit/sessions/" + session + "/messages"))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"Hello there\"}"))
				.build();
			HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
				.send(send, HttpResponse.BodyHandlers.ofLines());
			List<String> lines = new ArrayList<>();
			boolean signalled = false;
			for (String line : (Iterable<String>) response.body()::iterator) {
				lines.add(line);
				if (!signalled && line.equals("event: delta")) {
					first.process.destroy();
					signalled = true;
				}
			}
			assertThat(signalled).as("a delta arrived before SIGTERM").isTrue();
			streamed = SseEvents.text(SseEvents.parse(String.join("\n", lines) + "\n\n"));
			assertThat(lines).contains("event: done");
			assertThat(first.process.waitFor(60, TimeUnit.SECONDS)).as("the launcher exits after SIGTERM").isTrue();
			assertThat(first.log()).contains("Commencing graceful shutdown").doesNotContain("could not be stored");
		}
		// the reply was stored after SIGTERM, so the database was still up: it stops last
		try (Launcher second = Launcher.start(this.data)) {
			Response stored = second.api.get("/api/v1/chatkit/sessions/" + session, second.token("alice"));
			assertThat(stored.status()).isEqualTo(200);
			JsonNode messages = stored.json().path("data").path("messages");
			assertThat(messages).hasSize(2);
			assertThat(messages.get(1).path("status").asString()).isEqualTo("complete");
			assertThat(messages.get(1).path("content").asString()).isEqualTo(streamed);
			assertThat(second.log()).contains("data in " + this.data.toAbsolutePath());
		}
	}

	/**
	 * One run of {@link TestChatkitRestApplication} in a child JVM.
	 */
	private static final class Launcher implements AutoCloseable {

		final Process process;

		final Path logFile;

		final int port;

		final ApiClient api;

		private Launcher(Process process, Path logFile, int port) {
			this.process = process;
			this.logFile = logFile;
			this.port = port;
			this.api = new ApiClient(port);
		}

		static Launcher start(Path data) throws IOException, InterruptedException {
			int port = freePort();
			Path logFile = Files.createTempFile(data.getParent(), "launcher", ".log");
			String java = ProcessHandle.current().info().command().orElse("java");
			ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
					TestChatkitRestApplication.class.getName(), "--server.port=" + port,
					"--management.server.port=" + freePort(), "--spring.lifecycle.timeout-per-shutdown-phase=20s")
				.redirectErrorStream(true)
				.redirectOutput(logFile.toFile());
			Map<String, String> env = builder.environment();
			List.of("DATABASE_URL", "OPENROUTER_API_KEY", "REDIS_URL", "JWT_SECRET", "JAVA_TOOL_OPTIONS")
				.forEach(env::remove);
			env.put(DevPostgres.DATA_ENV, data.toString());
			Launcher launcher = new Launcher(builder.start(), logFile, port);
			try {
				await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(500)).until(launcher::healthy);
			}
			catch (RuntimeException ex) {
				launcher.close();
				throw new AssertionError("the launcher did not start; its log:\n" + launcher.log(), ex);
			}
			return launcher;
		}

		boolean healthy() {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("the launcher exited with " + this.process.exitValue());
			}
			try {
				return this.api.get("/health", null).status() == 200;
			}
			catch (IllegalStateException ex) {
				return false;
			}
		}

		String base() {
			return "http://127.0.0.1:" + this.port;
		}

		String token(String sub) {
			Response response = this.api.get("/dev/token?sub=" + sub, null);
			assertThat(response.status()).isEqualTo(200);
			return response.body();
		}

		String log() {
			try (InputStream in = Files.newInputStream(this.logFile)) {
				return new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				return "(log unreadable: " + ex.getMessage() + ")";
			}
		}

		@Override
		public void close() throws InterruptedException {
			if (this.process.isAlive()) {
				this.process.destroy();
				if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
					this.process.destroyForcibly();
				}
			}
		}

		private static int freePort() throws IOException {
			try (ServerSocket socket = new ServerSocket(0)) {
				return socket.getLocalPort();
			}
		}

	}

}
