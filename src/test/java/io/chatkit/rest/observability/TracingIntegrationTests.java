package io.chatkit.rest.observability;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.chatkit.rest.llm.FakeOpenRouter;
import io.chatkit.rest.llm.FakeOpenRouter.Reply;
import io.chatkit.rest.observability.FakeOtlpCollector.Received;
import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.ApiClient.Response;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.RunningService;
import io.chatkit.rest.support.SseEvents;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With an OTLP endpoint configured, a reply's trace reaches the collector: the API
 * request's span, the {@code chat {model}} span of its upstream round under it with the
 * GenAI attributes, and the database and Redis calls; the upstream sees the same trace in
 * {@code traceparent} and the JSON log lines carry it. No text, token or key is in any
 * span, and the latency histograms carry exemplars pointing at the trace.
 */
@ExtendWith(OutputCaptureExtension.class)
class TracingIntegrationTests {

	private static final String MESSAGE = "please remember the secret word pumpernickel";

	private static final String KEY = "sk-or-v1-tracing-test-key";

	@Test
	void aReplysTraceReachesTheCollectorAndTheUpstreamAndTheLogs(CapturedOutput output) {
		String token = JwtTokens.newUser();
		// a cached test context of an earlier class may hold the logging system in plain
		// text; a fresh one lets this service start it as JSON
		LoggingSystem.get(getClass().getClassLoader()).cleanUp();
		try (FakeOtlpCollector collector = FakeOtlpCollector.start();
				FakeOpenRouter fake = FakeOpenRouter.start();
				RunningService app = RunningService.with()
					.set("chatkit.llm.base-url", fake.baseUrl())
					.set("chatkit.llm.api-key", KEY)
					.set("chatkit.logging.json", true)
					.set("management.opentelemetry.tracing.export.otlp.endpoint", collector.tracesEndpoint())
					.set("management.opentelemetry.tracing.export.schedule-delay", "100ms")
					.set("management.tracing.sampling.probability", "1.0")
					.start()) {
			fake.enqueue(Reply.stream()
				.content("The word is ")
				.content("croissant.")
				.finish("stop")
				.usage(21, 5, "0.00002")
				.done());
			ApiClient api = app.api();
			String session = api.post("/api/v1/chatkit/sessions", token, null)
				.json()
				.path("data")
				.path("id")
				.asString();
			Response response = api.post("/api/v1/chatkit/sessions/" + session + "/messages", token,
					"{\"text\":\"" + MESSAGE + "\"}");
			assertThat(SseEvents.parse(response.body())).last()
				.satisfies((done) -> assertThat(done.name()).isEqualTo("done"));

			String traceparent = fake.requests().get(0).header("traceparent");
			assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[13]");
			String traceId = traceparent.split("-")[1];
			String upstreamParent = traceparent.split("-")[2];

			await().untilAsserted(() -> assertThat(collector.spans()).anySatisfy((span) -> {
				assertThat(span.name()).isEqualTo("chat openai/gpt-4o");
				assertThat(span.traceId()).isEqualTo(traceId);
			}).anySatisfy((span) -> {
				assertThat(span.kind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
				assertThat(span.name()).contains("/messages");
				assertThat(span.traceId()).isEqualTo(traceId);
			}));
			List<Received> trace = collector.spans().stream().filter((span) -> span.traceId().equals(traceId)).toList();
			Received request = trace.stream()
				.filter((span) -> span.kind() == SpanKind.SPAN_KIND_SERVER)
				.findFirst()
				.orElseThrow();
			Received chat = trace.stream().filter((span) -> span.name().startsWith("chat ")).findFirst().orElseThrow();
			assertThat(request.name()).isEqualTo("http post /api/v1/chatkit/sessions/{id}/messages");
			assertThat(chat.kind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
			assertThat(chat.spanId()).isEqualTo(upstreamParent);
			assertThat(ancestors(chat, trace)).contains(request.spanId());
			assertThat(chat.attributes()).containsEntry("gen_ai.operation.name", "chat")
				.containsEntry("gen_ai.provider.name", "openrouter")
				.containsEntry("gen_ai.request.model", "openai/gpt-4o")
				.containsEntry("gen_ai.response.model", "openai/gpt-4o")
				.containsEntry("gen_ai.usage.input_tokens", "21")
				.containsEntry("gen_ai.usage.output_tokens", "5")
				.containsEntry("gen_ai.response.finish_reasons", "[stop]");
			assertThat(request.resource()).containsEntry("service.name", "chatkit-rest");
			// the statements and Redis commands of the request are spans of its trace
			await().untilAsserted(() -> assertThat(collector.spans()).anySatisfy((span) -> {
				assertThat(span.attributes()).containsKey("jdbc.query[0]");
				assertThat(span.traceId()).isEqualTo(traceId);
			}).anySatisfy((span) -> {
				assertThat(span.attributes()).containsEntry("db.system", "redis");
				assertThat(span.traceId()).isEqualTo(traceId);
			}));
			for (Received span : collector.spans()) {
				assertThat(span.attributes().toString()).doesNotContain("pumpernickel")
					.doesNotContain("croissant")
					.doesNotContain(KEY)
					.doesNotContain(token);
			}
			String openMetrics = app.management()
				.send("GET", "/actuator/prometheus", null, null, Map.of("Accept", "application/openmetrics-text"))
				.body();
			// statements and Redis commands are observed in sampled requests only: no
			// timers
			// that would count a fraction of them; the pool's metrics stay
			assertThat(openMetrics.lines()).noneMatch((line) -> line.startsWith("jdbc_query"))
				.noneMatch((line) -> line.startsWith("lettuce"))
				.anyMatch((line) -> line.startsWith("jdbc_connections_active"));
			assertThat(openMetrics.lines()
				.filter((line) -> line.startsWith("chatkit_llm_time_to_first_token_seconds_bucket"))).anySatisfy(
						(line) -> assertThat(line).contains("# {span_id=\"").contains("trace_id=\"" + traceId + "\""));
			assertThat(openMetrics.lines().filter((line) -> line.startsWith("http_server_requests_seconds_bucket")))
				.anySatisfy((line) -> assertThat(line).contains("trace_id=\"" + traceId + "\""));
			assertThat(output.getOut().lines().filter((line) -> line.startsWith("{"))).anySatisfy(
					(line) -> assertThat(line).contains("\"trace.id\":\"" + traceId + "\"").contains("\"span.id\":\""));
		}
	}

	private static List<String> ancestors(Received span, List<Received> trace) {
		Map<String, Received> byId = new HashMap<>();
		trace.forEach((each) -> byId.put(each.spanId(), each));
		List<String> ancestors = new java.util.ArrayList<>();
		for (Received parent = byId.get(span.parentSpanId()); parent != null; parent = byId
			.get(parent.parentSpanId())) {
			ancestors.add(parent.spanId());
		}
		return ancestors;
	}

}
