package io.chatkit.rest.session;

import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import io.chatkit.rest.database.JsonColumnConverter;
import io.chatkit.rest.database.LowerCaseEnumConverter;
import io.chatkit.rest.database.StoredText;
import io.chatkit.rest.session.ConversationStore.Outcome;
import io.chatkit.rest.session.ConversationStore.ToolCallOutcome;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The statements every reply runs, in plain JDBC: reading the context, storing the user
 * message and the placeholder, and storing the outcome with its tool calls. They run
 * inside the transactions of {@link ConversationStore} (on the JPA transaction's
 * connection) and write the columns exactly as the entities do (the same converters).
 * Hibernate's flush, dirty checking and query translation were a third of the service's
 * CPU per reply (docs/performance.md).
 */
@Component
class ReplyRows {

	private static final MessageRole.Column ROLES = new MessageRole.Column();

	private static final MessageStatus.Column STATUSES = new MessageStatus.Column();

	private static final JsonColumnConverter JSON = new JsonColumnConverter();

	private final JdbcTemplate jdbc;

	ReplyRows(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The newest messages of a session, newest first.
	 */
	List<ChatMessage> latest(UUID sessionId, int count) {
		return this.jdbc.query(
				"select id, role, content, status, model, created_at from chat_messages where session_id = ?"
						+ " order by created_at desc, seq desc limit ?",
				(row, index) -> ChatMessage.read(row.getObject("id", UUID.class), sessionId,
						ROLES.convertToEntityAttribute(row.getString("role")),
						StoredText.unescape(row.getString("content")),
						STATUSES.convertToEntityAttribute(row.getString("status")), row.getString("model"),
						row.getObject("created_at", OffsetDateTime.class).toInstant()),
				sessionId, count);
	}

	/**
	 * Inserts new messages in one batch.
	 */
	void insert(List<ChatMessage> messages) {
		this.jdbc.batchUpdate("insert into chat_messages (id, session_id, role, content, status, model, created_at)"
				+ " values (?, ?, ?, ?, ?, ?, ?)", messages, messages.size(), (statement, message) -> {
					statement.setObject(1, message.getId());
					statement.setObject(2, message.getSessionId());
					statement.setString(3, LowerCaseEnumConverter.name(message.getRole()));
					statement.setString(4, StoredText.escape(message.getContent()));
					statement.setString(5, LowerCaseEnumConverter.name(message.getStatus()));
					statement.setString(6, message.getModel());
					statement.setObject(7, utc(message.getCreatedAt()));
				});
	}

	/**
	 * Touches a session and gives it a title if it has none yet.
	 * @param title the title as given (stored {@link StoredText#escape escaped})
	 */
	void touchTitled(UUID sessionId, Instant now, String title) {
		this.jdbc.update("update chat_sessions set updated_at = ?, title = coalesce(title, ?) where id = ?", utc(now),
				StoredText.escape(title), sessionId);
	}

	void touch(UUID sessionId, Instant now) {
		this.jdbc.update("update chat_sessions set updated_at = ? where id = ?", utc(now), sessionId);
	}

	/**
	 * Stores the end state of an assistant message.
	 * @return whether the message is there (its session may have been deleted)
	 */
	boolean finish(UUID assistantId, Outcome outcome) {
		return this.jdbc
			.update("update chat_messages set content = ?, status = ?, prompt_tokens = ?, completion_tokens = ?,"
					+ " cost_usd = ?, model = coalesce(?, model) where id = ?", (statement) -> {
						statement.setString(1, StoredText.escape(outcome.content()));
						statement.setString(2, LowerCaseEnumConverter.name(outcome.status()));
						statement.setObject(3, outcome.promptTokens(), Types.INTEGER);
						statement.setObject(4, outcome.completionTokens(), Types.INTEGER);
						statement.setObject(5, outcome.costUsd(), Types.NUMERIC);
						statement.setString(6, outcome.model());
						statement.setObject(7, assistantId);
					}) > 0;
	}

	/**
	 * Inserts the tool calls of an assistant message in one batch.
	 */
	void insertToolCalls(UUID assistantId, List<ToolCallOutcome> calls, Instant now) {
		if (calls.isEmpty()) {
			return;
		}
		this.jdbc
			.batchUpdate(
					"insert into tool_calls (id, message_id, call_id, name, arguments, result, status, created_at)"
							+ " values (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)",
					calls, calls.size(), (statement, call) -> {
						statement.setObject(1, call.id());
						statement.setObject(2, assistantId);
						statement.setString(3, StoredText.escape(call.callId()));
						statement.setString(4, StoredText.escape(call.name()));
						statement.setString(5, JSON.convertToDatabaseColumn(call.argumentsJson()));
						statement.setString(6,
								(call.resultJson() != null) ? JSON.convertToDatabaseColumn(call.resultJson()) : null);
						statement.setString(7, LowerCaseEnumConverter.name(call.status()));
						statement.setObject(8, utc(now));
					});
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
