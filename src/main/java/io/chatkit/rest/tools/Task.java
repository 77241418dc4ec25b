package io.chatkit.rest.tools;

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
 * One entry of a user's to-do list.
 */
@Entity
@Table(name = "tasks")
class Task implements Persistable<UUID> {

	@Id
	private UUID id;

	@Column(name = "user_id", nullable = false)
	private String userId;

	@Convert(converter = TextColumnConverter.class)
	@Column(nullable = false)
	private String title;

	@Convert(converter = TextColumnConverter.class)
	private @Nullable String description;

	@Column(nullable = false)
	private boolean completed;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	@Transient
	private boolean isNew;

	protected Task() {
	}

	Task(String userId, String title, @Nullable String description, Instant now) {
		this.id = UUID.randomUUID();
		this.userId = userId;
		this.title = title;
		this.description = description;
		this.createdAt = now;
		this.updatedAt = now;
		this.isNew = true;
	}

	void complete(Instant now) {
		this.completed = true;
		this.updatedAt = now;
	}

	void update(@Nullable String title, @Nullable String description, Instant now) {
		if (title != null) {
			this.title = title;
		}
		if (description != null) {
			this.description = description;
		}
		this.updatedAt = now;
	}

	@Override
	public UUID getId() {
		return this.id;
	}

	String getUserId() {
		return this.userId;
	}

	String getTitle() {
		return this.title;
	}

	@Nullable String getDescription() {
		return this.description;
	}

	boolean isCompleted() {
		return this.completed;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

	Instant getUpdatedAt() {
		return this.updatedAt;
	}

	@Override
	public boolean isNew() {
		return this.isNew;
	}

}
