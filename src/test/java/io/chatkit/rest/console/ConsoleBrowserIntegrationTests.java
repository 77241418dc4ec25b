package io.chatkit.rest.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.chatkit.rest.llm.FakeOpenRouter;
import io.chatkit.rest.llm.FakeOpenRouter.Reply;
import io.chatkit.rest.llm.FakeOpenRouter.ToolCall;
import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.ServiceIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs {@code e2e/console.spec.mjs} in headless Chromium against the service, whose
 * upstream is the fake OpenRouter scripted with a tool call, a slow Markdown reply
 * carrying markup that must not run (with a pause long enough for {@code : keep-alive}
 * comments), a failing reply, and two long replies: one followed across a page reload,
 * one stopped. The script counts the API requests a message costs.
 */
@ServiceIntegrationTest
@TestPropertySource(properties = { "chatkit.llm.api-key=sk-test", "chatkit.llm.model=openai/gpt-4o",
		"chatkit.streams.keep-alive=200ms", "chatkit.messages.max-chars=1234",
		"spring.datasource.hikari.maximum-pool-size=5",
		// the walk-through makes more than 30 requests a minute; its 429 step is scripted
		"chatkit.rate-limit.requests-per-minute=600" })
@DirtiesContext
class ConsoleBrowserIntegrationTests {

	private static final Path SCRIPT = Path.of("e2e", "console.spec.mjs");

	private static final Path PLAYWRIGHT = Path.of("e2e", "node_modules", "playwright-core");

	private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

	private static final Duration TIMEOUT = Duration.ofMinutes(3);

	static final FakeOpenRouter fake = FakeOpenRouter.start();

	@DynamicPropertySource
	static void upstream(DynamicPropertyRegistry registry) {
		registry.add("chatkit.llm.base-url", fake::baseUrl);
	}

	@AfterAll
	static void stopFake() {
		fake.close();
	}

	@LocalServerPort
	int port;

	@Test
	void theConsoleSignsInStreamsAReplyWithAToolCallShowsHistoryAndDeletesTheSession() throws Exception {
		requirePrerequisites();
		fake.enqueue(Reply.toolCalls(new ToolCall("call_1", "add_task", "{\"title\":\"Milk\"}")), Reply.stream()
			.content("I added ")
			.pause(Duration.ofMillis(700))
			.content("**“Milk”**")
			.content(" to your")
			.content(
					" `to-do` list.<script>window.injected = 1</script><img src=\"x\" onerror=\"window.injected = 2\">")
			.finish("stop")
			.usage(13, 16, "0.000093")
			.done()
			.delayEachChunk(Duration.ofMillis(150)),
				Reply.stream().content("Let me ").errorChunk("502", "Provider disconnected"),
				Reply.text(Reply.pieces("part", 60)).delayEachChunk(Duration.ofMillis(100)),
				Reply.text(Reply.pieces("part", 200)).delayEachChunk(Duration.ofMillis(100)));
		String token = JwtTokens.forUser("console-" + UUID.randomUUID());
		Path screenshot = Path.of("target", "console-e2e", "console.png");
		Files.createDirectories(screenshot.getParent());

		Result result = node(SCRIPT.toString(), "http://127.0.0.1:" + this.port, token, screenshot.toString());

		System.out.println(result.output());
		assertThat(result.exitCode()).as("console e2e exit code; its output:%n%s", result.output()).isZero();
		assertThat(screenshot).isNotEmptyFile();
		assertThat(fake.calls()).isEqualTo(5);
		assertThat(new ApiClient(this.port).get("/api/v1/chatkit/sessions", token).json().path("data").size())
			.as("the session deleted in the browser is gone")
			.isZero();
	}

	private static void requirePrerequisites() {
		List<String> missing = new ArrayList<>();
		if (!nodeAvailable()) {
			missing.add("node on the PATH");
		}
		if (!Files.isDirectory(PLAYWRIGHT)) {
			missing.add(PLAYWRIGHT + " (npm ci --prefix e2e)");
		}
		if (!Files.isExecutable(CHROMIUM)) {
			missing.add(CHROMIUM + " (apt-get install -y chromium)");
		}
		if (!missing.isEmpty()) {
			fail("The console browser test needs " + String.join(", ", missing)
					+ ". Run .ci/run, which installs them.");
		}
	}

	private static boolean nodeAvailable() {
		try {
			return node("--version").exitCode() == 0;
		}
		catch (IOException | UncheckedIOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static Result node(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("node"));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		Thread reader = Thread.ofVirtual().start(() -> copy(process.getInputStream(), output));
		if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			reader.join(Duration.ofSeconds(5));
			fail("node " + String.join(" ", arguments.length > 0 ? arguments[0] : "") + " did not finish within "
					+ TIMEOUT + "; output:%n" + output.toString(StandardCharsets.UTF_8));
		}
		reader.join(Duration.ofSeconds(5));
		return new Result(process.exitValue(), output.toString(StandardCharsets.UTF_8));
	}

	private static void copy(InputStream in, ByteArrayOutputStream out) {
		try (in) {
			in.transferTo(out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private record Result(int exitCode, String output) {
	}

}
