package io.chatkit.rest.session;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.chatkit.rest.llm.LlmProperties;
import io.chatkit.rest.llm.OpenRouterClient;
import io.chatkit.rest.session.ConversationStore.Outcome;
import io.chatkit.rest.tools.TaskTools;
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

	private static final Duration STORE_RETRY_FOR = Duration.ofMinutes(10);

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

	ReplyStreamer(ConversationStore store, JsonMapper json, OpenStreams openStreams, ReplyHub hub,
			ReplyResponder responder, ObjectProvider<ReplyAdmission> admissions, OpenRouterClient client,
			LlmProperties llm, TaskTools tools, ReplyMetrics metrics, ApplicationEventPublisher publisher) {
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
	}

	/**
	 * Stores the user's message, starts the reply and streams it to this client.
	 * @throws IdempotencyKeys.Taken when a concurrent send with the same key won
	 */
	void stream(String userId, ChatSession session, String text, IdempotencyKeys.@Nullable Claim claim,
			HttpServletResponse response) throws IOException {
		this.admissions.orderedStream().forEach((admission) -> admission.admit(userId));
		this.openStreams.acquire();
		try {
			String model = this.client.model();
			ConversationStore.Begun begun = this.store.begin(session, text, model, claim);
			LiveReply live = this.hub.open(begun.assistantMessageId());
			live.event("start",
					new ReplyEvents.Start(session.getId(), begun.userMessageId(), begun.assistantMessageId(), model));
			ReplySource first = live.subscribe(0);
			this.hub.run(live, () -> generate(userId, session, begun, model, live),
					new Outcome("", "error", null, null, null, List.of()));
			this.responder.stream(first, response);
		}
		finally {
			this.openStreams.release();
		}
	}

	private void generate(String userId, ChatSession session, ConversationStore.Begun begun, String model,
			LiveReply live) {
		Outcome outcome = reply(userId, begun, live);
		store(session, begun, outcome);
		// budgets and metrics count the reply before its clients see the last event
		this.publisher.publishEvent(new ReplyFinished(userId, session.getId(), begun.assistantMessageId(), model,
				outcome.status(), outcome.costUsd(), outcome.promptTokens(), outcome.completionTokens()));
		live.finish(outcome);
	}

	/**
	 * Stores the outcome. The stream is over by now, so a database outage cannot be
	 * reported to the client any more: the write is retried in the background with
	 * backoff for up to {@link #STORE_RETRY_FOR}, and until it lands the placeholder
	 * stays {@code partial}.
	 */
	private void store(ChatSession session, ConversationStore.Begun begun, Outcome outcome) {
		try {
			this.store.finish(session.getId(), begun.assistantMessageId(), outcome);
		}
		catch (DataAccessException | TransactionException ex) {
			logger.warn("Reply {} ended but could not be stored ({}); retrying in the background",
					begun.assistantMessageId(), ex.getClass().getSimpleName());
			Thread.ofVirtual()
				.name("reply-store-retry")
				.start(() -> retryStore(session.getId(), begun.assistantMessageId(), outcome));
		}
	}

	private void retryStore(UUID sessionId, UUID assistantMessageId, Outcome outcome) {
		long deadline = System.nanoTime() + STORE_RETRY_FOR.toNanos();
		Duration pause = Duration.ofMillis(500);
		while (System.nanoTime() < deadline) {
			try {
				Thread.sleep(pause);
				this.store.finish(sessionId, assistantMessageId, outcome);
				logger.info("Reply {} stored after the database came back", assistantMessageId);
				return;
			}
			catch (DataIntegrityViolationException ex) {
				// an earlier attempt committed although its answer was lost: the reply is
				// stored
				return;
			}
			catch (DataAccessException | TransactionException ex) {
				pause = (pause.compareTo(Duration.ofSeconds(8)) < 0) ? pause.multipliedBy(2) : pause;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		logger.error("Reply {} could not be stored within {}; it stays partial", assistantMessageId, STORE_RETRY_FOR);
	}

	private Outcome reply(String userId, ConversationStore.Begun begun, LiveReply events) {
		if (!this.llm.configured()) {
			events.event("error", new ReplyEvents.Error("upstream_not_configured",
					"No upstream model is configured (OPENROUTER_API_KEY is not set)", false));
			return new Outcome("", "error", null, null, null, List.of());
		}
		ReplyRun run = new ReplyRun(this.client, this.tools, events, this.json, this.metrics, userId,
				begun.assistantMessageId(), this.llm.maxToolRounds());
		return run.run(ReplyContext.of(this.llm.systemPrompt(), begun.context()));
	}

}
