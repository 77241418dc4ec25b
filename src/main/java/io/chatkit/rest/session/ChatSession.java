package io.chatkit.rest.session;

import java.time.Instant;
import java.util.UUID;

import io.chatkit.rest.database.TextColumnConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Persistable;

/**
 * A conversation owned by one user.
 */
@Entity
@Table(name = "chat_sessions")
public class ChatSession implements Persistable<UUID> {

	@Id
	private UUID id;

	@Column(name = "user_id", nullable = false)
	private String userId;

	@Convert(converter = TextColumnConverter.class)
	private @Nullable String title;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	@Column(name = "thread_created_at")
	private @Nullable Instant threadCreatedAt;

	@Transient
	private boolean isNew;

	protected ChatSession() {
	}

	ChatSession(String userId, @Nullable String title, Instant now) {
		this.id = UUID.randomUUID();
		this.userId = userId;
		this.title = title;
		this.createdAt = now;
		this.updatedAt = now;
		this.isNew = true;
	}

	@Override
	public UUID getId() {
		return this.id;
	}

	public String getUserId() {
		return this.userId;
	}

	public @Nullable String getTitle() {
		return this.title;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

	@Override
	public boolean isNew() {
		return this.isNew;
	}

}
