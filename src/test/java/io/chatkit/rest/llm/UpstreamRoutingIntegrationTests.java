package io.chatkit.rest.llm;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.chatkit.rest.llm.FakeOpenRouter.Reply;
import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.ApiClient.Response;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.ServiceIntegrationTest;
import io.chatkit.rest.support.SseEvents;
import io.chatkit.rest.support.SseEvents.Event;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Where a round goes: OpenRouter's model fallbacks and provider preferences on the wire,
 * the model that answered on the stored message, in {@code done} and on the meters, and a
 * second upstream behind a circuit breaker when the primary fails before the first token.
 */
@ServiceIntegrationTest
@TestPropertySource(properties = { "chatkit.llm.api-key=sk-primary", "chatkit.llm.model=openai/gpt-4o",
		"chatkit.llm.retry.initial-backoff=5ms", "chatkit.tools.enabled=false",
		"chatkit.llm.fallback-models=anthropic/claude-3.5-haiku, meta-llama/llama-3.1-70b-instruct",
		"chatkit.llm.provider.order=openai,together", "chatkit.llm.provider.allow-fallbacks=false",
		"chatkit.llm.provider.data-collection=deny", "chatkit.llm.provider.zdr=true",
		"chatkit.llm.provider.sort=throughput", "chatkit.llm.prices.[anthropic/claude-3.5-haiku].prompt-per-million=1",
		"chatkit.llm.prices.[anthropic/claude-3.5-haiku].completion-per-million=5",
		"chatkit.llm.secondary.api-key=sk-secondary", "chatkit.llm.secondary.model=secondary/model-b",
		"chatkit.llm.breaker.open-for=1500ms" })
@DirtiesContext
class UpstreamRoutingIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static final FakeOpenRouter primary = FakeOpenRouter.start();

	static final FakeOpenRouter secondary = FakeOpenRouter.start();

	@DynamicPropertySource
	static void upstreams(DynamicPropertyRegistry registry) {
		registry.add("chatkit.llm.base-url", primary::baseUrl);
		registry.add("chatkit.llm.secondary.base-url", secondary::baseUrl);
	}

	@AfterAll
	static void stopFakes() {
		primary.close();
		secondary.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MeterRegistry meters;

	@Autowired
	CircuitBreaker primaryUpstreamBreaker;

	ApiClient api;

	String token;

	@BeforeEach
	void setUp() {
		primary.reset();
		secondary.reset();
		secondary.fallback((request) -> Reply.textAs("secondary/model-b", "From", " the secondary."));
		this.primaryUpstreamBreaker.reset();
		this.api = new ApiClient(this.port);
		this.token = JwtTokens.forUser("routing-" + UUID.randomUUID());
	}

	private List<Event> reply(String text) {
		Response session = this.api.post("/api/v1/chatkit/sessions", this.token, null);
		String id = session.json().path("data").path("id").asString();
		Response response = this.api.post("/api/v1/chatkit/sessions/" + id + "/messages", this.token,
				"{\"text\":" + JSON.writeValueAsString(text) + "}");
		assertThat(response.status()).isEqualTo(200);
		return SseEvents.parse(response.body());
	}

	private Map<String, Object> assistantRow(List<Event> events) {
		return this.jdbc.queryForMap("select * from chat_messages where id = ?::uuid",
				events.get(0).data().path("assistant_message_id").asString());
	}

	private double requests(String model, String outcome, String upstream) {
		return this.meters.counter("chatkit.llm.requests", "model", model, "outcome", outcome, "upstream", upstream)
			.count();
	}

	private static String text(List<Event> events) {
		StringBuilder text = new StringBuilder();
		events.stream()
			.filter((event) -> event.name().equals("delta"))
			.forEach((event) -> text.append(event.data().path("text").asString()));
		return text.toString();
	}

	@Test
	void requestsCarryTheFallbackModelsAndProviderPreferencesAsConfigured() {
		reply("Hi");
		JsonNode body = primary.requests().get(0).body();
		assertThat(body.path("model").asString()).isEqualTo("openai/gpt-4o");
		assertThat(body.path("models")).isEqualTo(JSON
			.readTree("[\"openai/gpt-4o\",\"anthropic/claude-3.5-haiku\",\"meta-llama/llama-3.1-70b-instruct\"]"));
		assertThat(body.path("provider")).isEqualTo(JSON.readTree("{\"order\":[\"openai\",\"together\"],"
				+ "\"allow_fallbacks\":false,\"data_collection\":\"deny\",\"zdr\":true,\"sort\":\"throughput\"}"));
		assertThat(secondary.calls()).isZero();
	}

	@Test
	void aReplyAnsweredByAFallbackModelIsStoredSentLabelledAndPricedAsThatModel() {
		double before = requests("anthropic/claude-3.5-haiku", "success", "primary");
		primary.enqueue(Reply.stream()
			.answeringAs("anthropic/claude-3.5-haiku")
			.content("Claude here.")
			.finish("stop")
			.usage(1000, 2000, null)
			.done());
		List<Event> events = reply("Hi");
		Event done = events.get(events.size() - 1);
		assertThat(done.name()).isEqualTo("done");
		assertThat(done.data().path("model").asString()).isEqualTo("anthropic/claude-3.5-haiku");
		// 1000 prompt tokens at $1/M and 2000 completion tokens at $5/M
		assertThat(done.data().path("usage").path("cost_usd").decimalValue()).isEqualByComparingTo("0.011");
		Map<String, Object> row = assistantRow(events);
		assertThat(row).containsEntry("model", "anthropic/claude-3.5-haiku").containsEntry("status", "complete");
		assertThat(events.get(0).data().path("model").asString()).isEqualTo("openai/gpt-4o");
		assertThat(requests("anthropic/claude-3.5-haiku", "success", "primary")).isEqualTo(before + 1);
		assertThat(this.meters.counter("chatkit.llm.cost.usd", "model", "anthropic/claude-3.5-haiku").count())
			.isPositive();
		assertThat(this.meters.get("chatkit.llm.time.to.first.token")
			.tag("model", "anthropic/claude-3.5-haiku")
			.timer()
			.count()).isPositive();
	}

	@Test
	void aPrimaryThatAnswers503EveryTimeHandsTheRoundToTheSecondary() {
		double before = requests("secondary/model-b", "success", "secondary");
		primary.fallback((request) -> Reply.status(503, "No provider available"));
		List<Event> events = reply("Hi");
		assertThat(events).extracting(Event::name).containsExactly("start", "delta", "delta", "done");
		assertThat(text(events)).isEqualTo("From the secondary.");
		assertThat(primary.calls()).isEqualTo(3);
		assertThat(secondary.calls()).isEqualTo(1);
		FakeOpenRouter.Recorded sent = secondary.requests().get(0);
		assertThat(sent.header("Authorization")).isEqualTo("Bearer sk-secondary");
		assertThat(sent.body().path("model").asString()).isEqualTo("secondary/model-b");
		assertThat(sent.body().has("models")).isFalse();
		assertThat(sent.body().has("provider")).isFalse();
		assertThat(sent.body().path("messages").toString()).contains("Hi");
		assertThat(events.get(3).data().path("model").asString()).isEqualTo("secondary/model-b");
		assertThat(assistantRow(events)).containsEntry("model", "secondary/model-b")
			.containsEntry("status", "complete")
			.containsEntry("content", "From the secondary.");
		assertThat(requests("secondary/model-b", "success", "secondary")).isEqualTo(before + 1);
	}

	@Test
	void noFailoverOnceTheFirstTokenArrived() {
		primary.enqueue(Reply.stream().content("Half a ").errorChunk("502", "Provider went away"));
		List<Event> events = reply("Hi");
		assertThat(events).extracting(Event::name).containsExactly("start", "delta", "error");
		assertThat(events.get(2).data().path("code").asString()).isEqualTo("upstream_error");
		assertThat(assistantRow(events)).containsEntry("status", "error").containsEntry("content", "Half a ");
		assertThat(secondary.calls()).isZero();
		assertThat(this.primaryUpstreamBreaker.getMetrics().getNumberOfFailedCalls()).isZero();
	}

	@Test
	void aRefusedRequestIsNotSentToTheSecondary() {
		primary.enqueue(Reply.status(401, "No auth credentials found"));
		List<Event> events = reply("Hi");
		assertThat(events).extracting(Event::name).containsExactly("start", "error");
		assertThat(events.get(1).data().path("code").asString()).isEqualTo("upstream_unauthorized");
		assertThat(secondary.calls()).isZero();
	}

	@Test
	void theBreakerSkipsThePrimaryAfterFiveFailedRoundsAndTriesItAgainAfterTheOpenPeriod() {
		primary.fallback((request) -> Reply.status(503, "No provider available"));
		for (int i = 0; i < 5; i++) {
			assertThat(text(reply("Round " + i))).isEqualTo("From the secondary.");
		}
		assertThat(primary.calls()).isEqualTo(15);
		assertThat(this.primaryUpstreamBreaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);

		assertThat(text(reply("While open"))).isEqualTo("From the secondary.");
		assertThat(primary.calls()).isEqualTo(15);
		assertThat(secondary.calls()).isEqualTo(6);

		primary.fallback((request) -> Reply.text("Primary", " is back."));
		await().pollDelay(Duration.ofMillis(1600)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			List<Event> trial = reply("Trial");
			assertThat(text(trial)).isEqualTo("Primary is back.");
			assertThat(trial.get(trial.size() - 1).data().path("model").asString()).isEqualTo("openai/gpt-4o");
		});
		assertThat(primary.calls()).isEqualTo(16);
		assertThat(secondary.calls()).isEqualTo(6);
		assertThat(this.primaryUpstreamBreaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(this.meters.get("resilience4j.circuitbreaker.state")
			.tag("name", "llm-primary")
			.tag("state", "closed")
			.gauge()
			.value()).isEqualTo(1);
	}

}
