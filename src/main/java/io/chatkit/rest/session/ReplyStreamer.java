package io.chatkit.rest.session;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.chatkit.rest.web.ApiException;
import io.chatkit.rest.web.ErrorCode;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Streams one assistant reply to the client as Server-Sent Events and stores its outcome.
 */
@Component
class ReplyStreamer {

	private final ConversationStore store;

	private final JsonMapper json;

	private final StreamsProperties streams;

	private final AtomicInteger open = new AtomicInteger();

	ReplyStreamer(ConversationStore store, JsonMapper json, StreamsProperties streams) {
		this.store = store;
		this.json = json;
		this.streams = streams;
	}

	void stream(String userId, ChatSession session, String text, HttpServletResponse response) throws IOException {
		if (this.open.incrementAndGet() > this.streams.max()) {
			this.open.decrementAndGet();
			throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "Too many open reply streams; try again shortly");
		}
		try {
			ConversationStore.Begun begun = this.store.begin(session, text, null);
			response.setStatus(200);
			response.setContentType("text/event-stream;charset=UTF-8");
			response.setHeader("Cache-Control", "no-cache");
			response.setHeader("X-Accel-Buffering", "no");
			SseWriter events = new SseWriter(response.getOutputStream(), this.json);
			Map<String, Object> start = new LinkedHashMap<>();
			start.put("session_id", session.getId());
			start.put("user_message_id", begun.userMessageId());
			start.put("assistant_message_id", begun.assistantMessageId());
			start.put("model", null);
			events.event("start", start);
			events.event("error", Map.of("code", "upstream_not_configured", "message",
					"No upstream model is configured (OPENROUTER_API_KEY is not set)", "retryable", false));
			this.store.finish(session.getId(), begun.assistantMessageId(),
					new ConversationStore.Outcome("", "error", null, null, null, List.of()));
		}
		finally {
			this.open.decrementAndGet();
		}
	}

}
