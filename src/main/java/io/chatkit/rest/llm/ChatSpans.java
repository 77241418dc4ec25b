package io.chatkit.rest.llm;

import java.net.http.HttpRequest;
import java.util.List;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts the {@code chat {model}} span of one upstream round, with the OpenTelemetry
 * GenAI semantic-convention attributes. Only names, counts and reasons are recorded:
 * never message text, tool arguments or keys.
 */
final class ChatSpans {

	static final ChatSpans NOOP = new ChatSpans(Tracer.NOOP, Propagator.NOOP, JsonMapper.builder().build());

	private final Tracer tracer;

	private final Propagator propagator;

	private final JsonMapper json;

	ChatSpans(Tracer tracer, Propagator propagator, JsonMapper json) {
		this.tracer = tracer;
		this.propagator = propagator;
		this.json = json;
	}

	/**
	 * Starts a round's span as a child of the current one and puts it in scope.
	 * @param upstream where the round goes
	 * @param body the request body, read for {@code max_tokens}
	 * @return the span, to close when the round ends
	 */
	ChatSpan start(Upstream upstream, String body) {
		Span span = this.tracer.spanBuilder()
			.name("chat " + upstream.model())
			.kind(Span.Kind.CLIENT)
			.tag("gen_ai.operation.name", "chat")
			.tag("gen_ai.provider.name", upstream.providerName())
			.tag("gen_ai.request.model", upstream.model())
			.tag("server.address", upstream.endpoint().getHost())
			.tag("chatkit.upstream", upstream.route().label())
			.start();
		if (!span.isNoop()) {
			JsonNode maxTokens = this.json.readTree(body).path("max_tokens");
			if (maxTokens.isNumber()) {
				span.tag("gen_ai.request.max_tokens", maxTokens.longValue());
			}
			if (upstream.endpoint().getPort() != -1) {
				span.tag("server.port", upstream.endpoint().getPort());
			}
		}
		return new ChatSpan(span, this.tracer.withSpan(span));
	}

	/**
	 * One round's span in scope.
	 */
	final class ChatSpan implements AutoCloseable {

		private final Span span;

		private final Tracer.SpanInScope scope;

		private ChatSpan(Span span, Tracer.SpanInScope scope) {
			this.span = span;
			this.scope = scope;
		}

		/**
		 * Adds the W3C {@code traceparent} (and {@code tracestate}) of this span.
		 * @param request the request to send
		 */
		void propagate(HttpRequest.Builder request) {
			ChatSpans.this.propagator.inject(this.span.context(), request, HttpRequest.Builder::setHeader);
		}

		void answered(LlmRound round) {
			this.span.tag("gen_ai.response.model", round.model());
			this.span.tagOfStrings("gen_ai.response.finish_reasons", List.of(round.finishReason()));
			if (round.usage().promptTokens() != null) {
				this.span.tag("gen_ai.usage.input_tokens", round.usage().promptTokens().longValue());
			}
			if (round.usage().completionTokens() != null) {
				this.span.tag("gen_ai.usage.output_tokens", round.usage().completionTokens().longValue());
			}
		}

		void failed(UpstreamException failure) {
			this.span.tag("error.type", failure.error().code());
			this.span.error(failure);
		}

		@Override
		public void close() {
			this.scope.close();
			this.span.end();
		}

	}

}
