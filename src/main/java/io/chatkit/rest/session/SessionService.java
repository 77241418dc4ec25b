package io.chatkit.rest.session;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.chatkit.rest.session.SessionViews.MessageView;
import io.chatkit.rest.session.SessionViews.SessionDetail;
import io.chatkit.rest.session.SessionViews.ThreadView;
import io.chatkit.rest.session.SessionViews.ToolCallView;
import io.chatkit.rest.web.ApiException;
import io.chatkit.rest.web.ErrorCode;
import io.chatkit.rest.web.PageCursor;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sessions of one user: create, list, read, delete and open their thread, each refusing
 * sessions that belong to someone else.
 */
@Service
class SessionService {

	private final ChatSessionRepository sessions;

	private final ChatMessageRepository messages;

	private final ToolCallRepository toolCalls;

	private final JsonMapper json;

	private final Clock clock;

	private final JdbcTemplate jdbc;

	SessionService(ChatSessionRepository sessions, ChatMessageRepository messages, ToolCallRepository toolCalls,
			JsonMapper json, Clock clock, JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		this.sessions = sessions;
		this.messages = messages;
		this.toolCalls = toolCalls;
		this.json = json;
		this.clock = clock;
	}

	@Transactional
	ChatSession create(String userId, String title) {
		return this.sessions.save(new ChatSession(userId, title, now()));
	}

	@Transactional(readOnly = true)
	Page list(String userId, int limit, String cursor) {
		Limit fetch = Limit.of(limit + 1);
		List<SessionSummary> rows = (cursor == null) ? this.sessions.findPage(userId, fetch)
				: after(userId, cursor, fetch);
		if (rows.size() <= limit) {
			return new Page(rows, null);
		}
		List<SessionSummary> page = rows.subList(0, limit);
		SessionSummary last = page.get(limit - 1);
		return new Page(page, new PageCursor(last.updatedAt(), last.id()).encode());
	}

	private List<SessionSummary> after(String userId, String cursor, Limit fetch) {
		PageCursor position = PageCursor.decode(cursor);
		return this.sessions.findPageAfter(userId, position.at(), position.id(), fetch);
	}

	@Transactional(readOnly = true)
	SessionDetail get(String userId, UUID id) {
		ChatSession session = owned(userId, id);
		List<ChatMessage> history = this.messages.findBySession(id);
		Map<UUID, List<ToolCallView>> calls = new LinkedHashMap<>();
		if (!history.isEmpty()) {
			for (ToolCallRecord call : this.toolCalls
				.findByMessages(history.stream().map(ChatMessage::getId).toList())) {
				calls.computeIfAbsent(call.getMessageId(), (key) -> new ArrayList<>())
					.add(new ToolCallView(call.getId(), call.getName(), parse(call.getArguments()),
							parse(call.getResult()), call.getStatus()));
			}
		}
		List<MessageView> views = history.stream()
			.map((m) -> new MessageView(m.getId(), m.getRole(), m.getContent(), m.getStatus(), m.getCreatedAt(),
					calls.getOrDefault(m.getId(), List.of()), m.getModel(), m.getPromptTokens(),
					m.getCompletionTokens(), m.getCostUsd()))
			.toList();
		return new SessionDetail(session.getId(), session.getUserId(), session.getTitle(), session.getCreatedAt(),
				session.getUpdatedAt(), views.size(), views);
	}

	private @Nullable JsonNode parse(@Nullable String value) {
		return (value != null) ? this.json.readTree(value) : null;
	}

	@Transactional
	void delete(String userId, UUID id) {
		owned(userId, id);
		this.sessions.deleteSession(id);
	}

	@Transactional
	ThreadView openThread(String userId, UUID id) {
		owned(userId, id);
		boolean created = this.sessions.markThreadCreated(id, now()) == 1;
		return new ThreadView(id, id, created);
	}

	/**
	 * The session's id once it is the caller's: what sending a message needs, read with
	 * one plain statement (no transaction, no entity) on every reply.
	 */
	UUID ownedId(String userId, UUID id) {
		List<String> owner = this.jdbc.queryForList("select user_id from chat_sessions where id = ?", String.class, id);
		requireOwner(userId, id, owner.isEmpty() ? null : owner.getFirst());
		return id;
	}

	ChatSession owned(String userId, UUID id) {
		ChatSession session = this.sessions.findById(id).orElse(null);
		requireOwner(userId, id, (session != null) ? session.getUserId() : null);
		return session;
	}

	/**
	 * 404 for an unknown session ({@code owner} {@code null}), 403 for another user's.
	 */
	private static void requireOwner(String userId, UUID id, @Nullable String owner) {
		if (owner == null) {
			throw new ApiException(ErrorCode.NOT_FOUND, "No session " + id);
		}
		if (!owner.equals(userId)) {
			throw new ApiException(ErrorCode.FORBIDDEN, "Session " + id + " belongs to another user");
		}
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	record Page(List<SessionSummary> sessions, @Nullable String nextCursor) {
	}

}
