package io.chatkit.rest.llm;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Looks up what the upstream billed for one generation after the fact: {@code GET
 * {base}/generation?id=}, which answers 404 until the record exists.
 */
public class GenerationRecords {

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

	private final HttpClient http;

	private final JsonMapper json;

	private final LlmProperties properties;

	private final String endpoint;

	GenerationRecords(HttpClient http, JsonMapper json, LlmProperties properties) {
		this.http = http;
		this.json = json;
		this.properties = properties;
		this.endpoint = properties.baseUrl().replaceAll("/+$", "") + "/generation?id=";
	}

	/**
	 * The generation's record, if the upstream has it yet.
	 * @param generationId the stream's generation id
	 * @return the record, or {@code null} when it does not exist yet or the upstream did
	 * not answer (both are worth asking again later)
	 */
	public @Nullable GenerationRecord find(String generationId) {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create(this.endpoint + URLEncoder.encode(generationId, StandardCharsets.UTF_8)))
			.header("Authorization", "Bearer " + this.properties.apiKey())
			.header("Accept", "application/json")
			.timeout(REQUEST_TIMEOUT)
			.GET()
			.build();
		try {
			HttpResponse<String> response = this.http.send(request,
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			if (response.statusCode() != 200) {
				return null;
			}
			JsonNode data = this.json.readTree(response.body()).path("data");
			JsonNode cost = data.path("total_cost");
			if (!cost.isNumber()) {
				return null;
			}
			return new GenerationRecord(cost.decimalValue(), number(data.path("tokens_prompt")),
					number(data.path("tokens_completion")));
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	private static @Nullable Integer number(JsonNode node) {
		return node.isNumber() ? Integer.valueOf(node.intValue()) : null;
	}

	/**
	 * What the upstream billed for a generation.
	 *
	 * @param totalCostUsd the bill in USD
	 * @param promptTokens prompt tokens, {@code null} when not reported
	 * @param completionTokens completion tokens, {@code null} when not reported
	 */
	public record GenerationRecord(BigDecimal totalCostUsd, @Nullable Integer promptTokens,
			@Nullable Integer completionTokens) {
	}

}
