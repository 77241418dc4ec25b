package io.chatkit.rest.llm;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Streams chat completions from OpenRouter or any OpenAI-compatible endpoint. A request
 * that fails before its stream begins (HTTP 429, 502, 503, 529 or no connection) is
 * retried with backoff; once the stream has begun nothing is retried.
 */
public class OpenRouterClient {

	private static final Logger logger = LoggerFactory.getLogger(OpenRouterClient.class);

	private static final int MAX_ERROR_BODY = 16 * 1024;

	private final HttpClient http;

	private final JsonMapper json;

	private final LlmProperties properties;

	private final UpstreamWatchdog watchdog;

	private final Pricing pricing;

	private final URI endpoint;

	private final Backoff backoff;

	OpenRouterClient(HttpClient http, JsonMapper json, LlmProperties properties, UpstreamWatchdog watchdog) {
		this.http = http;
		this.json = json;
		this.properties = properties;
		this.watchdog = watchdog;
		this.pricing = new Pricing(properties.prices());
		this.endpoint = URI.create(properties.baseUrl().replaceAll("/+$", "") + "/chat/completions");
		this.backoff = new Backoff(properties.retry());
	}

	/**
	 * The model every request names.
	 * @return the model slug
	 */
	public String model() {
		return this.properties.model();
	}

	/**
	 * Starts the upstream side of a reply; its whole-reply deadline runs from now.
	 * @return a call to pass to {@link #complete}
	 */
	public UpstreamCall newCall() {
		return new UpstreamCall(this.properties.timeouts().reply());
	}

	/**
	 * Streams one completion, handing text to the listener as it arrives.
	 * @param call the reply this completion belongs to
	 * @param messages the context
	 * @param tools tool definitions to offer, empty for none
	 * @param listener receives the text
	 * @return the completed round
	 * @throws UpstreamException when no complete answer was obtained
	 */
	public LlmRound complete(UpstreamCall call, List<LlmMessage> messages, List<Map<String, Object>> tools,
			StreamListener listener) throws UpstreamException {
		HttpRequest request = request(
				RequestFit.fit(messages, (fitted) -> ChatRequestBody.write(this.json, model(), fitted, tools),
						this.properties.maxRequestBytes().toBytes()));
		this.watchdog.watch(call);
		try {
			for (int attempt = 0;; attempt++) {
				try {
					return attempt(call, request, listener);
				}
				catch (RetryableFailure failure) {
					Duration pause = this.backoff.pause(attempt, failure.retryAfter);
					if (pause == null || !call.pause(pause)) {
						throw failed(call, failure.error, failure.getMessage());
					}
					logger.info("Retrying upstream request after {} (attempt {})", failure.getMessage(), attempt + 2);
				}
			}
		}
		finally {
			this.watchdog.release(call);
		}
	}

	private LlmRound attempt(UpstreamCall call, HttpRequest request, StreamListener listener)
			throws UpstreamException, RetryableFailure {
		call.expectDataWithin(this.properties.timeouts().firstByte());
		HttpResponse<InputStream> response = send(call, request);
		try (InputStream body = response.body()) {
			call.attach(body);
			int status = response.statusCode();
			if (status != 200) {
				String error = errorMessage(body, status);
				if (Backoff.retryable(status)) {
					throw new RetryableFailure(UpstreamError.forStatus(status), error,
							response.headers().firstValue("Retry-After").orElse(null));
				}
				throw new UpstreamException(UpstreamError.forStatus(status), error);
			}
			CompletionStreamReader reader = new CompletionStreamReader(this.json, listener,
					() -> call.expectDataWithin(this.properties.timeouts().chunkGap()));
			boolean complete = reader.read(body);
			if (call.state() != UpstreamCall.State.ACTIVE) {
				throw failed(call, UpstreamError.UPSTREAM_ERROR, "");
			}
			if (!complete) {
				throw new UpstreamException(UpstreamError.UPSTREAM_ERROR, "The model provider ended the reply early");
			}
			return new LlmRound(reader.text(), reader.finishReason(), reader.toolCalls().calls(),
					this.pricing.usage(model(), reader.usage()));
		}
		catch (IOException ex) {
			throw failed(call, UpstreamError.UPSTREAM_ERROR, "The connection to the model provider broke");
		}
	}

	private HttpResponse<InputStream> send(UpstreamCall call, HttpRequest request)
			throws UpstreamException, RetryableFailure {
		CompletableFuture<HttpResponse<InputStream>> pending = this.http.sendAsync(request,
				HttpResponse.BodyHandlers.ofInputStream());
		call.attach(pending);
		try {
			return pending.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			call.cancel();
			throw failed(call, UpstreamError.CANCELLED, "Interrupted");
		}
		catch (CancellationException ex) {
			throw failed(call, UpstreamError.CANCELLED, "Cancelled");
		}
		catch (ExecutionException ex) {
			if (call.state() == UpstreamCall.State.ACTIVE && connectFailure(ex.getCause())) {
				throw new RetryableFailure(UpstreamError.UPSTREAM_ERROR, "The model provider could not be reached",
						null);
			}
			throw failed(call, UpstreamError.UPSTREAM_ERROR, "The request to the model provider failed");
		}
	}

	private static boolean connectFailure(Throwable cause) {
		for (Throwable t = cause; t != null; t = t.getCause()) {
			if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException) {
				return true;
			}
		}
		return false;
	}

	private UpstreamException failed(UpstreamCall call, UpstreamError otherwise, String message) {
		return switch (call.state()) {
			case CANCELLED -> new UpstreamException(UpstreamError.CANCELLED, "The reply was cancelled");
			case TIMED_OUT -> new UpstreamException(UpstreamError.UPSTREAM_TIMEOUT, "The model provider timed out");
			case ACTIVE -> new UpstreamException(otherwise, message);
		};
	}

	private String errorMessage(InputStream body, int status) throws IOException {
		byte[] bytes = body.readNBytes(MAX_ERROR_BODY);
		String detail;
		try {
			JsonNode error = this.json.readTree(new String(bytes, StandardCharsets.UTF_8)).path("error");
			detail = error.isObject() ? OpenRouterErrors.describe(error) : "no details";
		}
		catch (RuntimeException ex) {
			detail = "no details";
		}
		return "The model provider answered HTTP " + status + ": " + detail;
	}

	private HttpRequest request(String body) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(this.endpoint)
			.header("Authorization", "Bearer " + this.properties.apiKey())
			.header("Content-Type", "application/json")
			.header("Accept", "text/event-stream")
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
		if (this.properties.appUrl() != null && !this.properties.appUrl().isBlank()) {
			builder.header("HTTP-Referer", this.properties.appUrl());
		}
		if (this.properties.appName() != null && !this.properties.appName().isBlank()) {
			builder.header("X-OpenRouter-Title", this.properties.appName());
		}
		return builder.build();
	}

	/**
	 * A failure before the stream began that may be retried.
	 */
	static final class RetryableFailure extends Exception {

		private final UpstreamError error;

		private final String retryAfter;

		RetryableFailure(UpstreamError error, String message, String retryAfter) {
			super(message, null, false, false);
			this.error = error;
			this.retryAfter = retryAfter;
		}

	}

}
