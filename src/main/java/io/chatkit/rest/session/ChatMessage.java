package io.chatkit.rest.session;

import java.math.BigDecimal;
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
 * One user or assistant message of a session. An assistant message starts {@code partial}
 * and ends {@code complete}, {@code partial} (client went away) or {@code error}.
 */
@Entity
@Table(name = "chat_messages")
public class ChatMessage implements Persistable<UUID> {

	@Id
	private UUID id;

	@Column(name = "session_id", nullable = false)
	private UUID sessionId;

	@Column(insertable = false, updatable = false)
	private @Nullable Long seq;

	@Convert(converter = MessageRole.Column.class)
	@Column(nullable = false)
	private MessageRole role;

	@Convert(converter = TextColumnConverter.class)
	@Column(nullable = false)
	private String content;

	@Convert(converter = MessageStatus.Column.class)
	@Column(nullable = false)
	private MessageStatus status;

	private @Nullable String model;

	@Column(name = "prompt_tokens")
	private @Nullable Integer promptTokens;

	@Column(name = "completion_tokens")
	private @Nullable Integer completionTokens;

	@Column(name = "cost_usd")
	private @Nullable BigDecimal costUsd;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Transient
	private boolean isNew;

	protected ChatMessage() {
	}

	ChatMessage(UUID id, UUID sessionId, MessageRole role, String content, MessageStatus status, @Nullable String model,
			Instant now) {
		this.id = id;
		this.sessionId = sessionId;
		this.role = role;
		this.content = content;
		this.status = status;
		this.model = model;
		this.createdAt = now;
		this.isNew = true;
	}

	/**
	 * Puts a round's billed cost and tokens in place of the reservation it was charged.
	 */
	/**
	 * A message as read from its row by plain JDBC (the reply's context).
	 */
	static ChatMessage read(UUID id, UUID sessionId, MessageRole role, String content, MessageStatus status,
			@Nullable String model, Instant createdAt) {
		ChatMessage message = new ChatMessage(id, sessionId, role, content, status, model, createdAt);
		message.isNew = false;
		return message;
	}

	void reconcile(BigDecimal reservedUsd, BigDecimal billedUsd, int promptTokens, int completionTokens) {
		BigDecimal cost = ((this.costUsd != null) ? this.costUsd : BigDecimal.ZERO).subtract(reservedUsd)
			.add(billedUsd);
		this.costUsd = (cost.signum() < 0) ? billedUsd : cost;
		if (promptTokens != 0) {
			this.promptTokens = ((this.promptTokens != null) ? this.promptTokens : 0) + promptTokens;
		}
		if (completionTokens != 0) {
			this.completionTokens = ((this.completionTokens != null) ? this.completionTokens : 0) + completionTokens;
		}
	}

	@Override
	public UUID getId() {
		return this.id;
	}

	public UUID getSessionId() {
		return this.sessionId;
	}

	public MessageRole getRole() {
		return this.role;
	}

	public String getContent() {
		return this.content;
	}

	public MessageStatus getStatus() {
		return this.status;
	}

	public @Nullable String getModel() {
		return this.model;
	}

	public @Nullable Integer getPromptTokens() {
		return this.promptTokens;
	}

	public @Nullable Integer getCompletionTokens() {
		return this.completionTokens;
	}

	public @Nullable BigDecimal getCostUsd() {
		return this.costUsd;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	@Override
	public boolean isNew() {
		return this.isNew;
	}

}
