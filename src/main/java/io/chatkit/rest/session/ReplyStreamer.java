package io.chatkit.rest.session;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import io.chatkit.rest.llm.LlmProperties;
import io.chatkit.rest.llm.OpenRouterClient;
import io.chatkit.rest.session.ConversationStore.Outcome;
import io.chatkit.rest.tools.TaskTools;
import io.chatkit.rest.web.ApiException;
import io.chatkit.rest.web.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * Starts one assistant reply and streams it to the client that sent the message.
 * Admission checks and the open-stream cap answer before the stream starts; after
 * {@code start} every failure is an {@code error} event. The reply generates on a thread
 * of its own ({@link ReplyHub}); the sending client is only its first subscriber, so the
 * reply outlives the connection for the detach grace.
 */
@Component
class ReplyStreamer {

	private static final Logger logger = LoggerFactory.getLogger(ReplyStreamer.class);

	private final ConversationStore store;

	private final JsonMapper json;

	private final OpenStreams openStreams;

	private final ReplyHub hub;

	private final ReplyResponder responder;

	private final ObjectProvider<ReplyAdmission> admissions;

	private final OpenRouterClient client;

	private final LlmProperties llm;

	private final TaskTools tools;

	private final ReplyMetrics metrics;

	private final ApplicationEventPublisher publisher;

	private final ReplyBudget budget;

	private final CostReconciler reconciler;

	private final ReplyStoreRetry storeRetry;

	ReplyStreamer(ConversationStore store, JsonMapper json, OpenStreams openStreams, ReplyHub hub,
			ReplyResponder responder, ObjectProvider<ReplyAdmission> admissions, OpenRouterClient client,
			LlmProperties llm, TaskTools tools, ReplyMetrics metrics, ApplicationEventPublisher publisher,
			ReplyBudget budget, CostReconciler reconciler, ReplyStoreRetry storeRetry) {
		this.store = store;
		this.json = json;
		this.openStreams = openStreams;
		this.hub = hub;
		this.responder = responder;
		this.admissions = admissions;
		this.client = client;
		this.llm = llm;
		this.tools = tools;
		this.metrics = metrics;
		this.publisher = publisher;
		this.budget = budget;
		this.reconciler = reconciler;
		this.storeRetry = storeRetry;
	}

	/**
	 * Stores the user's message, starts the reply and streams it to this client.
	 * @throws IdempotencyKeys.Taken when a concurrent send with the same key won
	 */
	void stream(String userId, UUID sessionId, String text, IdempotencyKeys.@Nullable Claim claim,
			HttpServletRequest request, HttpServletResponse response) throws IOException {
		this.admissions.orderedStream().forEach((admission) -> admission.admit(userId));
		// the first round's worst case: the context is bounded to max-context-tokens
		BudgetHold firstRound = this.budget.reserve(userId, this.client.worstCaseUsd(this.llm.maxContextTokens()));
		RoundCosts costs = new RoundCosts(this.budget, this.client, userId, firstRound);
		try {
			this.openStreams.acquire(userId);
		}
		catch (RuntimeException ex) {
			costs.release();
			throw ex;
		}
		boolean generating = false;
		boolean handedOver = false;
		try {
			String model = this.client.model();
			ConversationStore.Prepared prepared;
			try {
				prepared = this.store.prepare(sessionId, text, model);
			}
			catch (RuntimeException ex) {
				costs.release();
				throw ex;
			}
			LiveReply live = this.hub.open(prepared.assistantMessageId());
			// the first upstream request goes out now, while the messages are stored; the
			// reply's events wait for the start event
			this.hub.run(live, () -> {
				try {
					generate(userId, sessionId, prepared, model, live, costs);
				}
				finally {
					this.openStreams.releaseUser(userId);
				}
			}, new Outcome("", MessageStatus.ERROR, null, null, null, List.of()));
			// the user's slot is held while the reply runs, attached or not
			generating = true;
			boolean stored = false;
			try {
				this.store.begin(sessionId, prepared, claim);
				stored = true;
			}
			catch (DataIntegrityViolationException ex) {
				// the only row the new messages refer to is their session
				throw new ApiException(ErrorCode.NOT_FOUND, "No session " + sessionId);
			}
			finally {
				if (!stored) {
					live.abandon();
				}
			}
			live.start(
					new ReplyEvents.Start(sessionId, prepared.userMessageId(), prepared.assistantMessageId(), model));
			ReplySource first = live.subscribe(0);
			handedOver = true;
			// the instance-wide slot is held while this client is attached
			this.responder.stream(first, request, response, this.openStreams::release);
		}
		finally {
			if (!handedOver) {
				this.openStreams.release();
			}
			if (!generating) {
				this.openStreams.releaseUser(userId);
			}
		}
	}

	private void generate(String userId, UUID sessionId, ConversationStore.Prepared prepared, String model,
			LiveReply live, RoundCosts costs) {
		Outcome outcome;
		try {
			outcome = reply(userId, prepared, live, costs);
		}
		finally {
			costs.release();
		}
		String answered = (outcome.model() != null) ? outcome.model() : model;
		// false when the messages could not be stored and the client was answered with an
		// error: the upstream call was aborted, and only its cost is left to count
		boolean started = live.awaitStart();
		if (started) {
			store(sessionId, prepared, outcome);
		}
		this.reconciler.reconcile(prepared.assistantMessageId(), answered, costs.unsettled());
		if (!started) {
			return;
		}
		// budgets and metrics count the reply before its clients see the last event
		this.publisher.publishEvent(new ReplyFinished(userId, sessionId, prepared.assistantMessageId(), answered,
				outcome.status(), reportedCost(outcome, costs), outcome.promptTokens(), outcome.completionTokens(),
				outcome.upstream()));
		live.finish(outcome);
	}

	/**
	 * Stores the outcome. The stream is over by now, so a database outage cannot be
	 * reported to the client any more: the write is kept where a restart does not lose it
	 * and stored once the database answers; until then the placeholder stays
	 * {@code partial}.
	 */
	private void store(UUID sessionId, ConversationStore.Prepared prepared, Outcome outcome) {
		try {
			this.store.finish(sessionId, prepared.assistantMessageId(), outcome);
		}
		catch (DataIntegrityViolationException ex) {
			// a value the database refuses (a cost beyond its column, say) must not cost
			// the
			// user the reply: it is stored without the values that can be refused
			logger.warn("Reply {} holds a value the database refuses ({}); storing it without usage and tool data",
					prepared.assistantMessageId(), ex.getClass().getSimpleName());
			Outcome storable = outcome.storable();
			if (storable.equals(outcome)) {
				logger.error("Reply {} could not be stored; it stays partial", prepared.assistantMessageId());
				return;
			}
			store(sessionId, prepared, storable);
		}
		catch (DataAccessException | TransactionException ex) {
			logger.warn("Reply {} ended but could not be stored ({}); it is kept until the database answers",
					prepared.assistantMessageId(), ex.getClass().getSimpleName());
			this.storeRetry.hold(sessionId, prepared.assistantMessageId(), outcome);
		}
	}

	/**
	 * The cost the upstream reported: charged reservations are counted by the reconciler
	 * once their real cost is known.
	 */
	private static @Nullable BigDecimal reportedCost(Outcome outcome, RoundCosts costs) {
		BigDecimal charged = costs.chargedReservationsUsd();
		if (outcome.costUsd() == null || charged.signum() == 0) {
			return outcome.costUsd();
		}
		BigDecimal reported = outcome.costUsd().subtract(charged);
		return (reported.signum() > 0) ? reported : null;
	}

	private Outcome reply(String userId, ConversationStore.Prepared prepared, LiveReply events, RoundCosts costs) {
		if (!this.llm.configured()) {
			events.event("error", new ReplyEvents.Error("upstream_not_configured",
					"No upstream model is configured (OPENROUTER_API_KEY is not set)", false));
			return new Outcome("", MessageStatus.ERROR, null, null, null, List.of());
		}
		ReplyRun run = new ReplyRun(this.client, this.tools, events, this.json, this.metrics, userId,
				prepared.assistantMessageId(), this.llm.maxToolRounds(), costs);
		return run.run(ContextWindow.bound(ReplyContext.of(this.llm.systemPrompt(), prepared.context()),
				this.llm.maxContextTokens()));
	}

}
