package io.chatkit.rest.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A finished reply whose log is no longer kept, rebuilt from the stored message:
 * {@code start}, its tool calls and results, one {@code delta} with the stored content,
 * then {@code done} ({@code stop} for {@code complete}, {@code cancelled} for
 * {@code partial}) or {@code error}; ids from 1.
 */
final class StoredReply implements ReplySource {

	private final List<LoggedEvent> events;

	private boolean read;

	private StoredReply(List<LoggedEvent> events) {
		this.events = events;
	}

	static StoredReply of(ChatMessage message, @Nullable UUID userMessageId, List<ToolCallRecord> toolCalls, long after,
			JsonMapper json) {
		List<Named> events = new ArrayList<>();
		events.add(new Named("start",
				new ReplyEvents.Start(message.getSessionId(), userMessageId, message.getId(), message.getModel())));
		for (ToolCallRecord call : toolCalls) {
			events.add(new Named("tool_call",
					new ReplyEvents.ToolCall(call.getId(), call.getName(), parse(json, call.getArguments()))));
			events.add(new Named("tool_result", new ReplyEvents.ToolResult(call.getId(), call.getName(),
					parse(json, call.getResult()), call.getStatus())));
		}
		if (!message.getContent().isEmpty()) {
			events.add(new Named("delta", new ReplyEvents.Delta(message.getContent())));
		}
		events.add(switch (message.getStatus()) {
			case COMPLETE -> done(message, "stop");
			case PARTIAL -> done(message, "cancelled");
			case ERROR ->
				new Named("error", new ReplyEvents.Error("upstream_error", "The reply ended with an error", true));
		});
		List<LoggedEvent> logged = new ArrayList<>();
		for (int i = (int) Math.min(after, events.size()); i < events.size(); i++) {
			logged.add(new LoggedEvent(i + 1, events.get(i).name(), json.writeValueAsString(events.get(i).data())));
		}
		return new StoredReply(logged);
	}

	private static Named done(ChatMessage message, String finishReason) {
		return new Named("done", new ReplyEvents.Done(message.getId(), finishReason,
				new ReplyEvents.Usage(message.getPromptTokens(), message.getCompletionTokens(), message.getCostUsd()),
				message.getModel()));
	}

	private static @Nullable JsonNode parse(JsonMapper json, @Nullable String value) {
		return (value != null) ? json.readTree(value) : null;
	}

	@Override
	public List<LoggedEvent> next(Duration wait) {
		this.read = true;
		return this.events;
	}

	@Override
	public boolean ended() {
		return this.read;
	}

	@Override
	public void close() {
	}

	private record Named(String name, Object data) {
	}

}
