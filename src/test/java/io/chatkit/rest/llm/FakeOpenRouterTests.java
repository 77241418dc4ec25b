package io.chatkit.rest.llm;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.chatkit.rest.llm.FakeOpenRouter.Reply;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fake's reply for load runs ({@link Reply#tokens}), which {@code bench/} serves
 * through {@link FakeOpenRouter#main}, and its waits, which thousands of held streams
 * share.
 */
class FakeOpenRouterTests {

	private final HttpClient client = HttpClient.newHttpClient();

	@Test
	void loadRunReplyStreamsNumberedTokensAGapApartThenFinishUsageAndDone() throws Exception {
		try (FakeOpenRouter fake = FakeOpenRouter.start()) {
			fake.fallback((request) -> Reply.tokens(3, Duration.ofMillis(100)));
			long start = System.nanoTime();
			List<String> lines = this.client.send(completion(fake), HttpResponse.BodyHandlers.ofLines())
				.body()
				.filter((line) -> !line.isEmpty())
				.toList();
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			assertThat(lines).hasSize(7);
			assertThat(lines.get(0)).isEqualTo(": OPENROUTER PROCESSING");
			assertThat(lines.subList(1, 4)).allSatisfy((line) -> assertThat(line).startsWith("data: {"))
				.extracting((line) -> line.replaceAll(".*\"content\":\"([^\"]*)\".*", "$1"))
				.containsExactly("tok0 ", "tok1 ", "tok2 ");
			assertThat(lines.get(4)).contains("\"finish_reason\":\"stop\"");
			assertThat(lines.get(5)).contains("\"choices\":[]", "\"completion_tokens\":3", "\"cost\":0.000028");
			assertThat(lines.get(6)).isEqualTo("data: [DONE]");
			assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(200));
		}
	}

	@Test
	void closingTheFakeEndsAPausedStreamAtOnce() throws Exception {
		FakeOpenRouter fake = FakeOpenRouter.start();
		fake.fallback((request) -> Reply.tokens(2, Duration.ofMinutes(5)));
		HttpResponse<Stream<String>> response = this.client.send(completion(fake), HttpResponse.BodyHandlers.ofLines());
		CompletableFuture<Long> lines = CompletableFuture.supplyAsync(() -> response.body().count());
		long start = System.nanoTime();
		fake.close();
		assertThat(
				lines.handle((count, failure) -> Duration.ofNanos(System.nanoTime() - start)).get(10, TimeUnit.SECONDS))
			.isLessThan(Duration.ofSeconds(5));
	}

	private static HttpRequest completion(FakeOpenRouter fake) {
		return HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/chat/completions"))
			.header("Authorization", "Bearer test")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"openai/gpt-4o\",\"stream\":true,\"messages\":[]}"))
			.build();
	}

}
