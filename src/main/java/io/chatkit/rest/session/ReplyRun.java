package io.chatkit.rest.session;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.chatkit.rest.llm.LlmMessage;
import io.chatkit.rest.llm.LlmRound;
import io.chatkit.rest.llm.LlmToolCall;
import io.chatkit.rest.llm.LlmUsage;
import io.chatkit.rest.llm.OpenRouterClient;
import io.chatkit.rest.llm.StreamListener;
import io.chatkit.rest.llm.UpstreamCall;
import io.chatkit.rest.llm.UpstreamError;
import io.chatkit.rest.llm.UpstreamException;
import io.chatkit.rest.llm.UpstreamRoute;
import io.chatkit.rest.session.ConversationStore.Outcome;
import io.chatkit.rest.session.ConversationStore.ToolCallOutcome;
import io.chatkit.rest.tools.TaskTools;
import io.chatkit.rest.tools.ToolResult;
import io.chatkit.rest.web.ApiException;
import io.chatkit.rest.web.Redacted;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One reply from the model: rounds of streamed text and tool calls until the model stops,
 * each piece published to the reply's subscribers as it arrives. Runs on the reply's own
 * thread; a cancel (by request, or when the detach grace ran out) aborts the upstream
 * call at once.
 */
final class ReplyRun implements StreamListener {

	private static final Logger logger = LoggerFactory.getLogger(ReplyRun.class);

	private static final int COST_SCALE = 10;

	private final OpenRouterClient client;

	private final TaskTools tools;

	private final LiveReply events;

	private final JsonMapper json;

	private final ReplyMetrics metrics;

	private final String userId;

	private final UUID assistantId;

	private final int maxToolRounds;

	private final UpstreamCall call;

	private final RoundCosts costs;

	private final long startNanos = System.nanoTime();

	private final StringBuilder text = new StringBuilder();

	private final List<ToolCallOutcome> toolCalls = new ArrayList<>();

	private LlmUsage usage = LlmUsage.UNKNOWN;

	private boolean firstToken = true;

	private long firstTokenNanos;

	private @Nullable String answeredBy;

	private UpstreamRoute upstream = UpstreamRoute.PRIMARY;

	ReplyRun(OpenRouterClient client, TaskTools tools, LiveReply events, JsonMapper json, ReplyMetrics metrics,
			String userId, UUID assistantId, int maxToolRounds, RoundCosts costs) {
		this.client = client;
		this.tools = tools;
		this.events = events;
		this.json = json;
		this.metrics = metrics;
		this.userId = userId;
		this.assistantId = assistantId;
		this.maxToolRounds = maxToolRounds;
		this.costs = costs;
		this.call = client.newCall();
		events.onCancel(this.call::cancel);
	}

	/**
	 * Runs the reply to its end and sends the last event.
	 * @param context the conversation so far, ending with the user's message
	 * @return what to store
	 */
	Outcome run(List<LlmMessage> context) {
		List<LlmMessage> messages = new ArrayList<>(context);
		try {
			for (int round = 0;; round++) {
				List<Map<String, Object>> offered = (round < this.maxToolRounds) ? this.tools.definitions() : List.of();
				this.costs.beforeRound(round, messages);
				LlmRound result = this.client.complete(this.call, messages, offered, this);
				this.answeredBy = result.model();
				this.upstream = result.upstream();
				recordFirstToken(result.model());
				this.usage = this.usage.plus(this.costs.completed(result, this.call));
				// the first round may have run while the messages were being stored: no
				// tool runs before they are
				if (round == 0 && !this.events.awaitStart()) {
					return outcome(MessageStatus.PARTIAL);
				}
				if (offered.isEmpty() || result.toolCalls().isEmpty() || this.events.isCancelled()) {
					return finished(result.finishReason());
				}
				List<LlmToolCall> calls = result.toolCalls().stream().map(ReplyRun::withId).toList();
				int runnable = Math.min(calls.size(), this.tools.maxCallsPerRound());
				// calls beyond the cap are not run and not sent back: the model sees the
				// round as the calls it may make
				messages.add(LlmMessage.assistantCalling(result.text(), calls.subList(0, runnable)));
				for (LlmToolCall toolCall : calls.subList(0, runnable)) {
					messages.add(LlmMessage.toolResult(toolCall.id(), runTool(toolCall, true)));
				}
				calls.subList(runnable, calls.size()).forEach((toolCall) -> runTool(toolCall, false));
			}
		}
		catch (UpstreamException ex) {
			recordFirstToken(this.client.model());
			this.usage = this.usage.plus(this.costs.failed(this.call));
			if (ex.error() == UpstreamError.CANCELLED || this.events.isCancelled()) {
				return outcome(MessageStatus.PARTIAL);
			}
			this.events.event("error",
					new ReplyEvents.Error(ex.error().code(), ex.getMessage(), ex.error().retryable()));
			return outcome(MessageStatus.ERROR);
		}
		catch (ApiException ex) {
			// only the budget refuses a round once the stream has begun
			this.events.event("error", new ReplyEvents.Error(ex.code().code(), ex.getMessage(), false));
			return outcome(MessageStatus.PARTIAL);
		}
		catch (RuntimeException ex) {
			this.usage = this.usage.plus(this.costs.failed(this.call));
			this.call.cancel();
			this.events.event("error", new ReplyEvents.Error("internal_error", "The reply failed on the server", true));
			logger.error("Reply {} failed", this.assistantId, Redacted.of(ex));
			return outcome(MessageStatus.ERROR);
		}
	}

	private Outcome finished(String finishReason) {
		Outcome outcome = outcome(MessageStatus.COMPLETE);
		boolean delivered = this.events.event("done",
				new ReplyEvents.Done(this.assistantId, finishReason,
						new ReplyEvents.Usage(outcome.promptTokens(), outcome.completionTokens(), outcome.costUsd()),
						(this.answeredBy != null) ? this.answeredBy : this.client.model()));
		return delivered ? outcome : outcome(MessageStatus.PARTIAL);
	}

	private String runTool(LlmToolCall toolCall, boolean withinCap) {
		UUID id = UUID.randomUUID();
		JsonNode arguments = this.tools.parseArguments(toolCall.arguments());
		JsonNode shown = (arguments != null && arguments.isObject()) ? arguments
				: this.json.createObjectNode().put("raw", toolCall.arguments());
		this.events.event("tool_call", new ReplyEvents.ToolCall(id, toolCall.name(), shown));
		ToolResult result = withinCap ? this.tools.run(this.userId, toolCall.name(), arguments)
				: this.tools.refuseTooMany(toolCall.name());
		ToolCallStatus status = result.ok() ? ToolCallStatus.OK : ToolCallStatus.ERROR;
		this.metrics.toolCall(result.tool(), status);
		this.events.event("tool_result",
				new ReplyEvents.ToolResult(id, toolCall.name(), this.json.readTree(result.resultJson()), status));
		this.toolCalls.add(new ToolCallOutcome(id, toolCall.id(), toolCall.name(), this.json.writeValueAsString(shown),
				result.resultJson(), status));
		return result.resultJson();
	}

	private static LlmToolCall withId(LlmToolCall call) {
		return (call.id() != null) ? call : new LlmToolCall("call_" + UUID.randomUUID().toString().replace("-", ""),
				call.name(), call.arguments());
	}

	private Outcome outcome(MessageStatus status) {
		BigDecimal cost = this.usage.costUsd();
		if (cost != null && cost.scale() > COST_SCALE) {
			cost = cost.setScale(COST_SCALE, RoundingMode.HALF_UP);
		}
		return new Outcome(this.text.toString(), status, this.usage.promptTokens(), this.usage.completionTokens(), cost,
				List.copyOf(this.toolCalls), this.answeredBy, this.upstream);
	}

	@Override
	public void onFirstToken() {
		if (this.firstToken) {
			this.firstToken = false;
			this.firstTokenNanos = System.nanoTime();
		}
	}

	/**
	 * Records the time to the first token once the round that brought it ended, when the
	 * model that answered is known.
	 */
	private void recordFirstToken(String model) {
		if (this.firstTokenNanos != 0) {
			this.metrics.firstToken(model, Duration.ofNanos(this.firstTokenNanos - this.startNanos));
			this.firstTokenNanos = 0;
		}
	}

	@Override
	public void onText(String piece) {
		// only text that was published is stored, so the stored content equals the deltas
		if (this.events.event("delta", new ReplyEvents.Delta(piece))) {
			this.text.append(piece);
		}
		else {
			this.call.cancel();
		}
	}

}
