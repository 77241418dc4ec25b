package io.chatkit.rest.session;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import io.chatkit.rest.llm.UpstreamRoute;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The writes of one reply: the user message and a {@code partial} assistant placeholder
 * in one transaction before the stream starts, then the finished assistant message with
 * its tool calls in one transaction at the end. A reply interrupted by a crash therefore
 * stays {@code partial}.
 */
@Component
class ConversationStore {

	static final int CONTEXT_MESSAGES = 20;

	private final ReplyRows rows;

	private final ChatMessageRepository messages;

	private final IdempotencyKeys idempotencyKeys;

	private final Clock clock;

	private final TransactionTemplate jdbcTransactions;

	ConversationStore(ReplyRows rows, ChatMessageRepository messages, IdempotencyKeys idempotencyKeys, Clock clock,
			JdbcTemplate jdbc) {
		this.clock = clock;
		this.rows = rows;
		this.messages = messages;
		this.idempotencyKeys = idempotencyKeys;
		// the reply's own writes are all plain JDBC: a JDBC transaction on the data
		// source of its statements, without the JPA entity manager that the application's
		// JpaTransactionManager opens and closes for every transaction (5.7 % of the
		// service's CPU samples at 50 streams, docs/performance.md)
		this.jdbcTransactions = new TransactionTemplate(
				new DataSourceTransactionManager(Objects.requireNonNull(jdbc.getDataSource())));
	}

	/**
	 * Makes the user message and the assistant placeholder, not stored yet, and reads the
	 * conversation the model should see: the last {@value #CONTEXT_MESSAGES} messages,
	 * oldest first, ending with the new user message. It is read before the new messages
	 * are written, so that the upstream call can start while {@link #begin} commits.
	 */
	Prepared prepare(UUID sessionId, String text, String model) {
		Instant now = now();
		ChatMessage user = new ChatMessage(UUID.randomUUID(), sessionId, MessageRole.USER, text, MessageStatus.COMPLETE,
				null, now);
		ChatMessage assistant = new ChatMessage(UUID.randomUUID(), sessionId, MessageRole.ASSISTANT, "",
				MessageStatus.PARTIAL, model, now.plus(1, ChronoUnit.MICROS));
		List<ChatMessage> history = new ArrayList<>(this.rows.latest(sessionId, CONTEXT_MESSAGES - 1));
		Collections.reverse(history);
		history.add(user);
		return new Prepared(user, assistant, List.copyOf(history));
	}

	/**
	 * Stores the prepared user message and assistant placeholder in one transaction. A
	 * send with an {@code Idempotency-Key} records the key in the same transaction.
	 * @throws IdempotencyKeys.Taken when a concurrent send with the key won
	 */
	void begin(UUID sessionId, Prepared prepared, IdempotencyKeys.@Nullable Claim claim) {
		ChatMessage user = prepared.user();
		this.jdbcTransactions.executeWithoutResult((status) -> {
			this.rows.insert(List.of(user, prepared.assistant()));
			this.rows.touchTitled(sessionId, user.getCreatedAt(), TextRules.autoTitle(user.getContent().strip()));
			if (claim != null) {
				this.idempotencyKeys.record(claim, prepared.assistantMessageId());
			}
		});
	}

	/**
	 * Stores the end state of an assistant message and the tool calls it made.
	 */
	void finish(UUID sessionId, UUID assistantId, Outcome outcome) {
		this.jdbcTransactions.executeWithoutResult((status) -> {
			if (!this.rows.finish(assistantId, outcome)) {
				// deleted with its session meanwhile
				return;
			}
			Instant now = now();
			this.rows.insertToolCalls(assistantId, outcome.toolCalls(), now);
			this.rows.touch(sessionId, now);
		});
	}

	/**
	 * Puts a reconciled round's billed cost and tokens in place of its reservation.
	 */
	@Transactional
	void reconcile(UUID assistantId, BigDecimal reservedUsd, BigDecimal billedUsd, int promptTokens,
			int completionTokens) {
		this.messages.findById(assistantId)
			.ifPresent((message) -> message.reconcile(reservedUsd, billedUsd, promptTokens, completionTokens));
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	/**
	 * A reply's first messages, made by {@link #prepare} and stored by {@link #begin}.
	 *
	 * @param user the user message
	 * @param assistant the assistant placeholder
	 * @param context the messages the model sees, oldest first
	 */
	record Prepared(ChatMessage user, ChatMessage assistant, List<ChatMessage> context) {

		UUID userMessageId() {
			return this.user.getId();
		}

		UUID assistantMessageId() {
			return this.assistant.getId();
		}

	}

	/**
	 * The end state of an assistant reply.
	 *
	 * @param content the text sent to the client
	 * @param status how far the reply got
	 * @param promptTokens prompt tokens over all rounds, {@code null} when unknown
	 * @param completionTokens completion tokens over all rounds, {@code null} when
	 * unknown
	 * @param costUsd cost over all rounds, {@code null} when unknown
	 * @param toolCalls the tool calls made, in order
	 * @param model the model that answered the last round, {@code null} when none did
	 * @param upstream the upstream of the last round
	 */
	record Outcome(String content, MessageStatus status, @Nullable Integer promptTokens,
			@Nullable Integer completionTokens, @Nullable BigDecimal costUsd, List<ToolCallOutcome> toolCalls,
			@Nullable String model, UpstreamRoute upstream) {

		Outcome(String content, MessageStatus status, @Nullable Integer promptTokens,
				@Nullable Integer completionTokens, @Nullable BigDecimal costUsd, List<ToolCallOutcome> toolCalls) {
			this(content, status, promptTokens, completionTokens, costUsd, toolCalls, null, UpstreamRoute.PRIMARY);
		}

		private static final String NOT_STORED = "{\"error\":\"The value could not be stored\"}";

		/**
		 * This outcome with nothing a column could refuse: the text and status stay,
		 * usage becomes unknown and each tool call keeps its name but not its data.
		 * @return the outcome to store when this one was refused
		 */
		Outcome storable() {
			List<ToolCallOutcome> calls = this.toolCalls.stream()
				.map((call) -> new ToolCallOutcome(call.id(), call.callId(), call.name(), NOT_STORED,
						(call.resultJson() != null) ? NOT_STORED : null, call.status()))
				.toList();
			return new Outcome(this.content, this.status, null, null, null, calls, this.model, this.upstream);
		}

	}

	/**
	 * A tool call as stored.
	 *
	 * @param id the id the client saw in {@code tool_call} and {@code tool_result} events
	 * @param callId the upstream's call id
	 * @param name tool name
	 * @param argumentsJson arguments as a JSON object
	 * @param resultJson result as a JSON object, {@code null} when it never ran
	 * @param status whether the call did what was asked
	 */
	record ToolCallOutcome(UUID id, String callId, String name, String argumentsJson, @Nullable String resultJson,
			ToolCallStatus status) {
	}

}
