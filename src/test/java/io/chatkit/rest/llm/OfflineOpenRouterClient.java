package io.chatkit.rest.llm;

import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/**
 * An {@link OpenRouterClient} that is never asked to call out, for unit tests of what
 * other features do with its prices and calls: close it after the test.
 */
public final class OfflineOpenRouterClient implements AutoCloseable {

	/** The model the client is configured with. */
	public static final String MODEL = "openai/gpt-4o";

	private final HttpClient http = HttpClient.newHttpClient();

	private final UpstreamWatchdog watchdog = new UpstreamWatchdog();

	private final OpenRouterClient client;

	/**
	 * A client whose model has the given price per million tokens.
	 * @param promptPerMillion USD per million prompt tokens
	 * @param completionPerMillion USD per million completion tokens
	 * @param maxCompletionTokens the completion tokens a round may use at most
	 */
	public OfflineOpenRouterClient(BigDecimal promptPerMillion, BigDecimal completionPerMillion,
			int maxCompletionTokens) {
		LlmProperties properties = new LlmProperties("sk-test", "http://127.0.0.1:9", MODEL, "https://app.example",
				"Chat App", "Be brief.", 5,
				new LlmProperties.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1),
						Duration.ofSeconds(10)),
				new LlmProperties.Retry(2, Duration.ofMillis(10), Duration.ofSeconds(1)),
				Map.of(MODEL, new LlmProperties.Price(promptPerMillion, completionPerMillion)), maxCompletionTokens,
				16000, Duration.ofSeconds(5), DataSize.ofKilobytes(384));
		this.client = new OpenRouterClient(this.http, JsonMapper.builder().build(), properties, this.watchdog);
	}

	public OpenRouterClient client() {
		return this.client;
	}

	/**
	 * A call whose round the upstream answered with a stream, as when its response began.
	 * @param generationId the generation id the upstream named, {@code null} for none
	 * @return the call
	 */
	public UpstreamCall respondedCall(String generationId) {
		UpstreamCall call = this.client.newCall();
		call.responded(generationId);
		return call;
	}

	@Override
	public void close() {
		this.watchdog.close();
		this.http.close();
	}

}
