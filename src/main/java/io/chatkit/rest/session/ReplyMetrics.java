package io.chatkit.rest.session;

import java.math.BigDecimal;
import java.time.Duration;

import io.chatkit.rest.llm.LlmProperties;
import io.chatkit.rest.llm.UpstreamRoute;
import io.chatkit.rest.tools.TaskTools;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The reply meters: requests by outcome, tokens, cost, time to first token and tool
 * calls. The configured model's and the built-in tools' meters exist from start-up.
 */
@Component
class ReplyMetrics {

	private final MeterRegistry registry;

	ReplyMetrics(MeterRegistry registry, LlmProperties llm) {
		this.registry = registry;
		String model = llm.model();
		for (String outcome : new String[] { "success", "error", "cancelled" }) {
			requests(model, outcome, UpstreamRoute.PRIMARY);
		}
		cost(model);
		tokens(model, "prompt");
		tokens(model, "completion");
		timeToFirstToken(model);
		for (String tool : TaskTools.names()) {
			for (ToolCallStatus status : ToolCallStatus.values()) {
				toolCalls(tool, status);
			}
		}
	}

	@EventListener
	void replyFinished(ReplyFinished reply) {
		String outcome = switch (reply.status()) {
			case COMPLETE -> "success";
			case PARTIAL -> "cancelled";
			case ERROR -> "error";
		};
		requests(reply.model(), outcome, reply.upstream()).increment();
		if (reply.costUsd() != null) {
			cost(reply.model()).increment(reply.costUsd().doubleValue());
		}
		if (reply.promptTokens() != null) {
			tokens(reply.model(), "prompt").increment(reply.promptTokens());
		}
		if (reply.completionTokens() != null) {
			tokens(reply.model(), "completion").increment(reply.completionTokens());
		}
	}

	/**
	 * Counts a cost learnt after the reply was stored (a reconciled round).
	 * @param model the model asked
	 * @param usd the cost
	 */
	void countCost(String model, BigDecimal usd) {
		cost(model).increment(usd.doubleValue());
	}

	void firstToken(String model, Duration elapsed) {
		timeToFirstToken(model).record(elapsed);
	}

	void toolCall(String tool, ToolCallStatus status) {
		toolCalls(tool, status).increment();
	}

	private Counter requests(String model, String outcome, UpstreamRoute upstream) {
		return Counter.builder("chatkit.llm.requests")
			.description("Replies requested from the model, by outcome and the upstream of their last round")
			.tag("model", model)
			.tag("outcome", outcome)
			.tag("upstream", upstream.label())
			.register(this.registry);
	}

	private Counter cost(String model) {
		return Counter.builder("chatkit.llm.cost.usd")
			.description("Cost of replies in US dollars")
			.tag("model", model)
			.register(this.registry);
	}

	private Counter tokens(String model, String type) {
		return Counter.builder("chatkit.llm.tokens")
			.description("Tokens used by replies")
			.tag("model", model)
			.tag("type", type)
			.register(this.registry);
	}

	private Timer timeToFirstToken(String model) {
		return Timer.builder("chatkit.llm.time.to.first.token")
			.description("Time from asking the model to its first token")
			.tag("model", model)
			.publishPercentileHistogram()
			.register(this.registry);
	}

	private Counter toolCalls(String tool, ToolCallStatus status) {
		return Counter.builder("chatkit.tool.calls")
			.description("Tool calls run, by tool and status")
			.tag("tool", tool)
			.tag("status", status.wireName())
			.register(this.registry);
	}

}
