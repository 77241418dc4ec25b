package io.chatkit.rest.llm;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.chatkit.rest.llm.FakeOpenRouter.Reply;
import io.chatkit.rest.llm.FakeOpenRouter.ToolCall;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class OpenRouterClientTests {

	private static final List<LlmMessage> CONTEXT = List.of(LlmMessage.system("Be brief."), LlmMessage.user("Hi"));

	private static final List<Map<String, Object>> TOOLS = List
		.of(Map.of("type", "function", "function", Map.of("name", "add_task", "parameters", Map.of("type", "object"))));

	static FakeOpenRouter fake;

	static HttpClient http;

	UpstreamWatchdog watchdog = new UpstreamWatchdog();

	List<String> pieces = new ArrayList<>();

	StreamListener listener = this.pieces::add;

	@BeforeAll
	static void startFake() {
		fake = FakeOpenRouter.start();
		http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	@AfterAll
	static void stopFake() {
		fake.close();
		http.close();
	}

	@AfterEach
	void resetFake() {
		fake.reset();
		this.watchdog.close();
	}

	private OpenRouterClient client() {
		return client(fake.baseUrl(), Map.of());
	}

	private OpenRouterClient client(String baseUrl, Map<String, LlmProperties.Price> prices) {
		LlmProperties properties = new LlmProperties("sk-test", baseUrl, "openai/gpt-4o", "https://app.example",
				"Chat App", "Be brief.", 5,
				new LlmProperties.Timeouts(Duration.ofSeconds(2), Duration.ofMillis(700), Duration.ofMillis(700),
						Duration.ofSeconds(10)),
				new LlmProperties.Retry(2, Duration.ofMillis(10), Duration.ofSeconds(1)), prices, 512, 16000,
				Duration.ofSeconds(5), org.springframework.util.unit.DataSize.ofKilobytes(384));
		return new OpenRouterClient(http, JsonMapper.builder().build(), properties, this.watchdog);
	}

	private LlmRound complete(OpenRouterClient client) throws UpstreamException {
		return client.complete(client.newCall(), CONTEXT, TOOLS, this.listener);
	}

	private UpstreamError failure(OpenRouterClient client) {
		try {
			complete(client);
		}
		catch (UpstreamException ex) {
			return ex.error();
		}
		throw new AssertionError("expected a failure");
	}

	@Test
	void textArrivesPieceByPieceWithTheUsageAndCostOfTheLastChunk() throws Exception {
		fake.enqueue(Reply.text("Hel", "lo", " there"));
		LlmRound round = complete(client());
		assertThat(this.pieces).containsExactly("Hel", "lo", " there");
		assertThat(round.text()).isEqualTo("Hello there");
		assertThat(round.finishReason()).isEqualTo("stop");
		assertThat(round.usage()).isEqualTo(new LlmUsage(13, 16, new BigDecimal("0.000093")));
	}

	@Test
	void requestCarriesModelMessagesToolsStreamFlagAndAttributionHeaders() throws Exception {
		fake.enqueue(Reply.text("ok"));
		complete(client());
		FakeOpenRouter.Recorded request = fake.requests().get(0);
		assertThat(request.path()).isEqualTo("/api/v1/chat/completions");
		assertThat(request.header("Authorization")).isEqualTo("Bearer sk-test");
		assertThat(request.header("Content-Type")).startsWith("application/json");
		assertThat(request.header("HTTP-Referer")).isEqualTo("https://app.example");
		assertThat(request.header("X-OpenRouter-Title")).isEqualTo("Chat App");
		JsonNode body = request.body();
		assertThat(body.path("model").asString()).isEqualTo("openai/gpt-4o");
		assertThat(body.path("stream").asBoolean()).isTrue();
		assertThat(body.path("max_tokens").asInt()).isEqualTo(512);
		assertThat(body.path("messages").get(0).path("role").asString()).isEqualTo("system");
		assertThat(body.path("messages").get(1).path("content").asString()).isEqualTo("Hi");
		assertThat(body.path("tools").get(0).path("function").path("name").asString()).isEqualTo("add_task");
	}

	@Test
	void theGenerationIdOfARoundIsKnownOnceItsResponseBegins() throws Exception {
		fake.enqueue(Reply.status(503, "No provider"), Reply.text("ok"));
		OpenRouterClient client = client();
		UpstreamCall call = client.newCall();
		client.complete(call, CONTEXT, List.of(), this.listener);
		assertThat(call.responseBegan()).isTrue();
		assertThat(call.generationId()).startsWith("gen-fake-");
	}

	@Test
	void theWorstCaseOfAPricedModelIsItsPromptPlusMaxTokens() {
		OpenRouterClient client = client(fake.baseUrl(),
				Map.of("openai/gpt-4o", new LlmProperties.Price(new BigDecimal("2.50"), new BigDecimal("10"))));
		assertThat(client.worstCaseUsd(1000)).isEqualByComparingTo("0.00762");
		assertThat(client().worstCaseUsd(1000)).isNull();
	}

	@Test
	void noToolsAreSentWhenNoneAreOffered() throws Exception {
		fake.enqueue(Reply.text("ok"));
		OpenRouterClient client = client();
		client.complete(client.newCall(), CONTEXT, List.of(), this.listener);
		assertThat(fake.requests().get(0).body().has("tools")).isFalse();
	}

	@Test
	void toolCallFragmentsAreJoinedByIndexAcrossParallelCalls() throws Exception {
		fake.enqueue(Reply.toolCalls(new ToolCall("call_1", "add_task", "{\"title\":\"Buy milk\"}"),
				new ToolCall("call_2", "list_tasks", "{}")));
		LlmRound round = complete(client());
		assertThat(round.finishReason()).isEqualTo("tool_calls");
		assertThat(round.toolCalls()).containsExactly(new LlmToolCall("call_1", "add_task", "{\"title\":\"Buy milk\"}"),
				new LlmToolCall("call_2", "list_tasks", "{}"));
		assertThat(this.pieces).isEmpty();
	}

	@Test
	void followUpRequestRepeatsTheAssistantToolCallsAndToolResults() throws Exception {
		fake.enqueue(Reply.text("Added."));
		OpenRouterClient client = client();
		List<LlmMessage> messages = new ArrayList<>(CONTEXT);
		messages
			.add(LlmMessage.assistantCalling("", List.of(new LlmToolCall("call_1", "add_task", "{\"title\":\"x\"}"))));
		messages.add(LlmMessage.toolResult("call_1", "{\"task_id\":\"t1\"}"));
		client.complete(client.newCall(), messages, TOOLS, this.listener);
		JsonNode sent = fake.requests().get(0).body().path("messages");
		JsonNode assistant = sent.get(2);
		assertThat(assistant.path("role").asString()).isEqualTo("assistant");
		assertThat(assistant.path("content").isNull()).isTrue();
		assertThat(assistant.path("tool_calls").get(0).path("id").asString()).isEqualTo("call_1");
		assertThat(assistant.path("tool_calls").get(0).path("type").asString()).isEqualTo("function");
		assertThat(assistant.path("tool_calls").get(0).path("function").path("arguments").asString())
			.isEqualTo("{\"title\":\"x\"}");
		JsonNode tool = sent.get(3);
		assertThat(tool.path("role").asString()).isEqualTo("tool");
		assertThat(tool.path("tool_call_id").asString()).isEqualTo("call_1");
		assertThat(tool.path("content").asString()).isEqualTo("{\"task_id\":\"t1\"}");
	}

	@Test
	void costComesFromThePriceTableWhenTheUsageHasNone() throws Exception {
		fake.enqueue(Reply.stream().content("ok").finish("stop").usage(1_000_000, 500_000, null).done());
		LlmRound round = complete(client(fake.baseUrl(),
				Map.of("openai/gpt-4o", new LlmProperties.Price(new BigDecimal("2.50"), new BigDecimal("10")))));
		assertThat(round.usage().costUsd()).isEqualByComparingTo("7.5");
	}

	@Test
	void usageStaysUnknownWhenTheServerSendsNone() throws Exception {
		fake.enqueue(Reply.stream().content("ok").finish("stop").done());
		assertThat(complete(client()).usage()).isEqualTo(LlmUsage.UNKNOWN);
	}

	@Test
	void serviceUnavailableTwiceIsRetriedAndTheThirdAttemptSucceeds() throws Exception {
		fake.enqueue(Reply.status(503, "No provider"), Reply.status(503, "No provider"), Reply.text("ok"));
		assertThat(complete(client()).text()).isEqualTo("ok");
		assertThat(fake.calls()).isEqualTo(3);
	}

	@Test
	void threeServiceUnavailableAnswersGiveUpAsUpstreamError() {
		fake.enqueue(Reply.status(503, "a"), Reply.status(502, "b"), Reply.status(529, "c"), Reply.text("never"));
		assertThat(failure(client())).isEqualTo(UpstreamError.UPSTREAM_ERROR);
		assertThat(fake.calls()).isEqualTo(3);
	}

	@Test
	void rateLimitedAfterRetriesIsUpstreamRateLimited() {
		fake.fallback((request) -> Reply.status(429, "Rate limit exceeded").header("Retry-After", "0"));
		assertThat(failure(client())).isEqualTo(UpstreamError.UPSTREAM_RATE_LIMITED);
		assertThat(fake.calls()).isEqualTo(3);
	}

	@Test
	void aRetryAfterLongerThanAllowedEndsTheRetries() {
		fake.fallback((request) -> Reply.status(429, "Rate limit exceeded").header("Retry-After", "30"));
		assertThat(failure(client())).isEqualTo(UpstreamError.UPSTREAM_RATE_LIMITED);
		assertThat(fake.calls()).isEqualTo(1);
	}

	@Test
	void clientErrorsMapToTheirCodesWithoutRetry() {
		fake.enqueue(Reply.status(401, "No auth credentials found"));
		assertThat(failure(client())).isEqualTo(UpstreamError.UPSTREAM_UNAUTHORIZED);
		fake.enqueue(Reply.status(402, "Insufficient credits"));
		assertThat(failure(client())).isEqualTo(UpstreamError.INSUFFICIENT_CREDITS);
		fake.enqueue(Reply.status(403, "Flagged by moderation"));
		assertThat(failure(client())).isEqualTo(UpstreamError.UPSTREAM_FORBIDDEN);
		fake.enqueue(Reply.status(400, "Bad request"));
		assertThat(failure(client())).isEqualTo(UpstreamError.UPSTREAM_ERROR);
		assertThat(fake.calls()).isEqualTo(4);
	}

	@Test
	void theUpstreamMessageIsPassedOnInTheFailure() {
		fake.enqueue(Reply.status(402, "Insufficient credits"));
		assertThatExceptionOfType(UpstreamException.class).isThrownBy(() -> complete(client()))
			.withMessageContaining("402")
			.withMessageContaining("Insufficient credits")
			.withMessageNotContaining("sk-test");
	}

	@Test
	void anErrorChunkWithANumericCodeEndsTheReplyAfterTheTextSoFarWithoutRetry() {
		fake.enqueue(Reply.stream().content("Partial ").errorChunk("502", "Provider returned error"));
		assertThat(failure(client())).isEqualTo(UpstreamError.UPSTREAM_ERROR);
		assertThat(this.pieces).containsExactly("Partial ");
		assertThat(fake.calls()).isEqualTo(1);
	}

	@Test
	void anErrorChunkWithAStringCodeEndsTheReply() {
		fake.enqueue(Reply.stream().content("a").errorChunk("\"server_error\"", "Overloaded"));
		assertThatExceptionOfType(UpstreamException.class).isThrownBy(() -> complete(client()))
			.withMessageContaining("Overloaded")
			.withMessageContaining("server_error");
	}

	@Test
	void finishReasonErrorEndsTheReplyWithAnError() {
		fake.enqueue(Reply.stream().content("a").finish("error").done());
		assertThat(failure(client())).isEqualTo(UpstreamError.UPSTREAM_ERROR);
	}

	@Test
	void aStreamThatEndsWithoutFinishOrDoneIsAnError() {
		fake.enqueue(Reply.stream().content("a"));
		assertThat(failure(client())).isEqualTo(UpstreamError.UPSTREAM_ERROR);
	}

	@Test
	void noHeadersWithinTheFirstByteTimeoutIsATimeout() {
		fake.enqueue(Reply.text("late").delayHeaders(Duration.ofSeconds(5)));
		long start = System.nanoTime();
		assertThat(failure(client())).isEqualTo(UpstreamError.UPSTREAM_TIMEOUT);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		assertThat(fake.calls()).isEqualTo(1);
	}

	@Test
	void onlyCommentsWithinTheFirstByteTimeoutIsATimeout() {
		fake.enqueue(Reply.stream().comment("OPENROUTER PROCESSING").hang());
		assertThat(failure(client())).isEqualTo(UpstreamError.UPSTREAM_TIMEOUT);
	}

	@Test
	void silenceBetweenChunksLongerThanTheGapIsATimeoutAndIsNotRetried() {
		fake.enqueue(Reply.stream().content("first").hang());
		assertThat(failure(client())).isEqualTo(UpstreamError.UPSTREAM_TIMEOUT);
		assertThat(this.pieces).containsExactly("first");
		assertThat(fake.calls()).isEqualTo(1);
	}

	@Test
	void slowChunksWithinTheGapAreFine() throws Exception {
		fake.enqueue(Reply.text("a", "b", "c", "d").delayEachChunk(Duration.ofMillis(300)));
		assertThat(complete(client()).text()).isEqualTo("abcd");
	}

	@Test
	void cancellingClosesTheUpstreamConnectionAtOnce() throws Exception {
		String[] words = new String[200];
		java.util.Arrays.fill(words, "word ");
		fake.enqueue(Reply.text(words).delayEachChunk(Duration.ofMillis(50)));
		OpenRouterClient client = client();
		UpstreamCall call = client.newCall();
		CompletableFuture<UpstreamError> result = CompletableFuture.supplyAsync(() -> {
			try {
				client.complete(call, CONTEXT, TOOLS, this.listener);
				return null;
			}
			catch (UpstreamException ex) {
				return ex.error();
			}
		});
		await().atMost(Duration.ofSeconds(2)).until(() -> this.pieces.size() >= 3);
		call.cancel();
		assertThat(result.get(2, TimeUnit.SECONDS)).isEqualTo(UpstreamError.CANCELLED);
		await().atMost(Duration.ofSeconds(2)).until(() -> fake.aborts() == 1);
	}

	@Test
	void anUnreachableServerIsRetriedThenReportedAsUpstreamError() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		assertThat(failure(client("http://127.0.0.1:" + port + "/v1", Map.of())))
			.isEqualTo(UpstreamError.UPSTREAM_ERROR);
	}

}
