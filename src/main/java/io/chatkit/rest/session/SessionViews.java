package io.chatkit.rest.session;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The JSON shapes of the sessions API.
 */
final class SessionViews {

	private SessionViews() {
	}

	record SessionView(UUID id, String userId, @Nullable String title, Instant createdAt, Instant updatedAt) {

		static SessionView of(ChatSession session) {
			return new SessionView(session.getId(), session.getUserId(), session.getTitle(), session.getCreatedAt(),
					session.getUpdatedAt());
		}

	}

	record SessionListItem(UUID id, String userId, @Nullable String title, Instant createdAt, Instant updatedAt,
			long messageCount) {

		static SessionListItem of(SessionSummary summary) {
			return new SessionListItem(summary.id(), summary.userId(), summary.title(), summary.createdAt(),
					summary.updatedAt(), summary.messageCount());
		}

	}

	record SessionDetail(UUID id, String userId, @Nullable String title, Instant createdAt, Instant updatedAt,
			long messageCount, List<MessageView> messages) {

	}

	/**
	 * A stored message; {@code model}, the token counts and {@code cost_usd} are those of
	 * an assistant reply ({@code null} for user messages and where unknown), so a client
	 * can show after a reload what the {@code done} event showed.
	 */
	record MessageView(UUID id, MessageRole role, String content, MessageStatus status, Instant createdAt,
			List<ToolCallView> toolCalls, @Nullable String model, @Nullable Integer promptTokens,
			@Nullable Integer completionTokens, @Nullable BigDecimal costUsd) {

	}

	record ToolCallView(UUID id, String name, JsonNode arguments, @Nullable JsonNode result, ToolCallStatus status) {

	}

	record ThreadView(UUID threadId, UUID sessionId, boolean created) {

	}

	record DeletedView(UUID id, boolean deleted) {

	}

}
