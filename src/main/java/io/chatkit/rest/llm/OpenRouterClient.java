package io.chatkit.rest.llm;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.jspecify.annotations.Nullable;
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

	private final Backoff backoff;

	private final Upstream primary;

	private final @Nullable Upstream secondary;

	private final CircuitBreaker breaker;

	private final ChatSpans spans;

	OpenRouterClient(HttpClient http, JsonMapper json, LlmProperties properties, UpstreamWatchdog watchdog) {
		this(http, json, properties, RoutingProperties.NONE, watchdog, CircuitBreaker.ofDefaults("primary"),
				ChatSpans.NOOP);
	}

	OpenRouterClient(HttpClient http, JsonMapper json, LlmProperties properties, RoutingProperties routing,
			UpstreamWatchdog watchdog, CircuitBreaker breaker, ChatSpans spans) {
		this.http = http;
		this.json = json;
		this.properties = properties;
		this.watchdog = watchdog;
		this.pricing = new Pricing(properties.prices());
		this.backoff = new Backoff(properties.retry());
		this.primary = Upstream.primary(properties, routing);
		this.secondary = Upstream.secondary(routing);
		this.breaker = breaker;
		this.spans = spans;
	}

	/**
	 * The model every request to the primary upstream names.
	 * @return the model slug
	 */
	public String model() {
		return this.properties.model();
	}

	/**
	 * The most one round of this model can cost: the prompt priced from the price table
	 * plus {@code max_tokens} completion tokens.
	 * @param promptTokens estimated prompt tokens of the round
	 * @return USD, or {@code null} when the model is not in the price table
	 */
	public @Nullable BigDecimal worstCaseUsd(long promptTokens) {
		return this.pricing.estimate(model(), promptTokens, this.properties.maxCompletionTokens());
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
		call.newRound();
		this.watchdog.watch(call);
		try {
			if (this.secondary == null) {
				return round(this.primary, call, messages, tools, listener);
			}
			if (!this.breaker.tryAcquirePermission()) {
				return round(this.secondary, call, messages, tools, listener);
			}
			long started = System.nanoTime();
			try {
				LlmRound round = round(this.primary, call, messages, tools, listener);
				this.breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
				return round;
			}
			catch (Unavailable ex) {
				this.breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, ex);
				logger.warn("The primary upstream failed before the first token ({}); "
						+ "sending the round to the secondary", ex.getMessage());
				return round(this.secondary, call, messages, tools, listener);
			}
			catch (UpstreamException | RuntimeException ex) {
				// cancelled, refused or broken mid-stream: the primary answered, so this
				// round says nothing about its availability
				this.breaker.releasePermission();
				throw ex;
			}
		}
		finally {
			this.watchdog.release(call);
		}
	}

	/**
	 * One round on one upstream, retried while it fails before its stream begins.
	 * @throws Unavailable when it could not be reached or answered 429 or 5xx every time
	 */
	private LlmRound round(Upstream upstream, UpstreamCall call, List<LlmMessage> messages,
			List<Map<String, Object>> tools, StreamListener listener) throws UpstreamException {
		String body = RequestFit.fit(messages,
				(fitted) -> ChatRequestBody.write(this.json, upstream.model(), upstream.fallbackModels(),
						upstream.provider(), fitted, tools, this.properties.maxCompletionTokens()),
				this.properties.maxRequestBytes().toBytes());
		try (ChatSpans.ChatSpan span = this.spans.start(upstream, body)) {
			HttpRequest request = request(upstream, body, span);
			try {
				LlmRound round = retried(upstream, call, request, listener);
				span.answered(round);
				return round;
			}
			catch (UpstreamException ex) {
				span.failed(ex);
				throw ex;
			}
		}
	}

	private LlmRound retried(Upstream upstream, UpstreamCall call, HttpRequest request, StreamListener listener)
			throws UpstreamException {
		for (int attempt = 0;; attempt++) {
			try {
				return attempt(upstream, call, request, listener);
			}
			catch (RetryableFailure failure) {
				Duration pause = this.backoff.pause(attempt, failure.retryAfter);
				if (pause == null || !call.pause(pause)) {
					throw unavailable(call, failure.error, failure.getMessage());
				}
				logger.info("Retrying upstream request after {} (attempt {})", failure.getMessage(), attempt + 2);
			}
		}
	}

	private LlmRound attempt(Upstream upstream, UpstreamCall call, HttpRequest request, StreamListener listener)
			throws UpstreamException, RetryableFailure {
		call.expectDataWithin(this.properties.timeouts().firstByte());
		HttpResponse<InputStream> response = send(call, request);
		try (InputStream body = response.body()) {
			call.attach(body);
			int status = response.statusCode();
			if (status == 200) {
				call.responded(response.headers().firstValue("X-Generation-Id").orElse(null));
			}
			if (status != 200) {
				String error = errorMessage(body, status);
				if (Backoff.retryable(status)) {
					throw new RetryableFailure(UpstreamError.forStatus(status), error,
							response.headers().firstValue("Retry-After").orElse(null));
				}
				if (status >= 500) {
					throw new Unavailable(UpstreamError.forStatus(status), error);
				}
				throw new UpstreamException(UpstreamError.forStatus(status), error);
			}
			CompletionStreamReader reader = new CompletionStreamReader(this.json, listener,
					() -> call.expectDataWithin(this.properties.timeouts().chunkGap()), call::seenGenerationId);
			boolean complete = reader.read(body);
			if (call.state() != UpstreamCall.State.ACTIVE) {
				throw failed(call, UpstreamError.UPSTREAM_ERROR, "");
			}
			if (!complete) {
				throw new UpstreamException(UpstreamError.UPSTREAM_ERROR, "The model provider ended the reply early");
			}
			String answering = (reader.model() != null) ? reader.model() : upstream.model();
			return new LlmRound(reader.text(), reader.finishReason(), reader.toolCalls().calls(),
					this.pricing.usage(answering, reader.usage()), answering, upstream.route());
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
			if (call.state() == UpstreamCall.State.ACTIVE) {
				if (connectFailure(ex.getCause())) {
					throw new RetryableFailure(UpstreamError.UPSTREAM_ERROR, "The model provider could not be reached",
							null);
				}
				if (closedUnanswered(ex.getCause())) {
					throw new RetryableFailure(UpstreamError.UPSTREAM_ERROR,
							"The connection to the model provider closed before it answered", null);
				}
			}
			throw unavailable(call, UpstreamError.UPSTREAM_ERROR, "The request to the model provider failed");
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

	/**
	 * Whether the connection failed before a byte of the response came back: a server
	 * closing a kept-alive connection just as the client reuses it from the pool looks
	 * like this (OpenAI's own clients retry it too). Nothing has streamed, so the round
	 * is tried again like a connect failure.
	 */
	private static boolean closedUnanswered(Throwable cause) {
		return cause instanceof IOException && !(cause instanceof HttpTimeoutException);
	}

	/**
	 * A failure before the stream began: {@link Unavailable} unless the call itself
	 * ended.
	 */
	private UpstreamException unavailable(UpstreamCall call, UpstreamError error, String message) {
		return (call.state() == UpstreamCall.State.ACTIVE) ? new Unavailable(error, message)
				: failed(call, error, message);
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

	private HttpRequest request(Upstream upstream, String body, ChatSpans.ChatSpan span) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(upstream.endpoint())
			.header("Authorization", "Bearer " + upstream.apiKey())
			.header("Content-Type", "application/json")
			.header("Accept", "text/event-stream")
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
		span.propagate(builder);
		if (this.properties.appUrl() != null && !this.properties.appUrl().isBlank()) {
			builder.header("HTTP-Referer", this.properties.appUrl());
		}
		if (this.properties.appName() != null && !this.properties.appName().isBlank()) {
			builder.header("X-OpenRouter-Title", this.properties.appName());
		}
		return builder.build();
	}

	/**
	 * The upstream could not be reached, or answered 429 or 5xx, before the stream began
	 * and after the retries: the failures a secondary upstream is tried for.
	 */
	static final class Unavailable extends UpstreamException {

		Unavailable(UpstreamError error, String message) {
			super(error, message);
		}

	}

	/**
	 * A failure before the stream began that may be retried.
	 */
	static final class RetryableFailure extends Exception {

		private final UpstreamError error;

		private final @Nullable String retryAfter;

		RetryableFailure(UpstreamError error, String message, @Nullable String retryAfter) {
			super(message, null, false, false);
			this.error = error;
			this.retryAfter = retryAfter;
		}

	}

}
