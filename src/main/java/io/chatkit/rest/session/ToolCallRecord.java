package io.chatkit.rest.session;

import java.time.Instant;
import java.util.UUID;

import io.chatkit.rest.database.JsonColumnConverter;
import io.chatkit.rest.database.TextColumnConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.hibernate.annotations.ColumnTransformer;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Persistable;

/**
 * A tool the model called during an assistant reply, with its JSON arguments and result.
 */
@Entity
@Table(name = "tool_calls")
public class ToolCallRecord implements Persistable<UUID> {

	@Id
	private UUID id;

	@Column(name = "message_id", nullable = false)
	private UUID messageId;

	@Column(insertable = false, updatable = false)
	private @Nullable Long seq;

	@Convert(converter = TextColumnConverter.class)
	@Column(name = "call_id")
	private String callId;

	@Convert(converter = TextColumnConverter.class)
	@Column(nullable = false)
	private String name;

	@Convert(converter = JsonColumnConverter.class)
	@ColumnTransformer(write = "?::jsonb")
	@Column(nullable = false, columnDefinition = "jsonb")
	private String arguments;

	@Convert(converter = JsonColumnConverter.class)
	@ColumnTransformer(write = "?::jsonb")
	@Column(columnDefinition = "jsonb")
	private @Nullable String result;

	@Column(nullable = false)
	@Convert(converter = ToolCallStatus.Column.class)
	private ToolCallStatus status;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Transient
	private boolean isNew;

	protected ToolCallRecord() {
	}

	ToolCallRecord(UUID id, UUID messageId, String callId, String name, String arguments, @Nullable String result,
			ToolCallStatus status, Instant now) {
		this.id = id;
		this.messageId = messageId;
		this.callId = callId;
		this.name = name;
		this.arguments = arguments;
		this.result = result;
		this.status = status;
		this.createdAt = now;
		this.isNew = true;
	}

	@Override
	public UUID getId() {
		return this.id;
	}

	public UUID getMessageId() {
		return this.messageId;
	}

	public String getCallId() {
		return this.callId;
	}

	public String getName() {
		return this.name;
	}

	public String getArguments() {
		return this.arguments;
	}

	public @Nullable String getResult() {
		return this.result;
	}

	public ToolCallStatus getStatus() {
		return this.status;
	}

	@Override
	public boolean isNew() {
		return this.isNew;
	}

}
