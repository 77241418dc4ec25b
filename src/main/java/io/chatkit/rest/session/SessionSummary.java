package io.chatkit.rest.session;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A session as listed: its fields and how many messages it holds.
 *
 * @param id session id
 * @param userId owner
 * @param title title, {@code null} until set
 * @param createdAt creation time
 * @param updatedAt last change
 * @param messageCount user and assistant messages
 */
record SessionSummary(UUID id, String userId, @Nullable String title, Instant createdAt, Instant updatedAt,
		long messageCount) {

	SessionSummary(UUID id, String userId, String title, Instant createdAt, Instant updatedAt, Long messageCount) {
		this(id, userId, title, createdAt, updatedAt, (messageCount != null) ? messageCount.longValue() : 0L);
	}

}
