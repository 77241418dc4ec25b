package io.chatkit.rest.session;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.chatkit.rest.web.ApiException;
import io.chatkit.rest.web.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Attaching to an assistant reply from any instance, and cancelling it wherever it runs.
 * The running reply on this instance is read from memory, so a Redis outage never breaks
 * it; a reply running elsewhere is read from the shared log; a reply whose log is gone is
 * rebuilt from the stored message.
 */
@Component
class ReplyAttacher {

	private static final Duration CANCEL_WAIT = Duration.ofSeconds(2);

	private final SessionService sessions;

	private final ChatMessageRepository messages;

	private final ToolCallRepository toolCalls;

	private final ReplyHub hub;

	private final ReplyLog log;

	private final OpenStreams openStreams;

	private final ReplyResponder responder;

	private final JsonMapper json;

	ReplyAttacher(SessionService sessions, ChatMessageRepository messages, ToolCallRepository toolCalls, ReplyHub hub,
			ReplyLog log, OpenStreams openStreams, ReplyResponder responder, JsonMapper json) {
		this.sessions = sessions;
		this.messages = messages;
		this.toolCalls = toolCalls;
		this.hub = hub;
		this.log = log;
		this.openStreams = openStreams;
		this.responder = responder;
		this.json = json;
	}

	/**
	 * The caller's assistant message: 403 for another user's session, 404 for an unknown
	 * session or message, a message of another session, or a user message.
	 */
	ChatMessage reply(String userId, UUID sessionId, UUID messageId) {
		this.sessions.owned(userId, sessionId);
		return this.messages.findById(messageId)
			.filter((message) -> message.getSessionId().equals(sessionId) && message.getRole() == MessageRole.ASSISTANT)
			.orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "No assistant message " + messageId));
	}

	/**
	 * Streams the reply's events after the given id to the client, then live ones.
	 */
	void attach(ChatMessage message, long after, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		this.openStreams.acquire();
		ReplySource source;
		try {
			source = source(message, after);
		}
		catch (RuntimeException ex) {
			this.openStreams.release();
			throw ex;
		}
		// the slot is held while this client is attached
		this.responder.stream(source, request, response, this.openStreams::release);
	}

	private ReplySource source(ChatMessage message, long after) {
		LiveReply live = this.hub.find(message.getId());
		if (live != null) {
			return live.subscribe(after);
		}
		if (this.log.configured()) {
			try {
				ReplySource tail = this.log.tail(message.getId(), after);
				if (tail != null) {
					return tail;
				}
			}
			catch (ReplyLogUnavailable ex) {
				if (message.getStatus() == MessageStatus.PARTIAL) {
					// it may be running elsewhere, and only the log knows
					throw unavailable();
				}
			}
		}
		return rebuilt(message, after);
	}

	private StoredReply rebuilt(ChatMessage message, long after) {
		List<ChatMessage> history = this.messages.findBySession(message.getSessionId());
		UUID userMessageId = null;
		for (ChatMessage earlier : history) {
			if (earlier.getId().equals(message.getId())) {
				break;
			}
			if (earlier.getRole() == MessageRole.USER) {
				userMessageId = earlier.getId();
			}
		}
		return StoredReply.of(message, userMessageId, this.toolCalls.findByMessages(List.of(message.getId())), after,
				this.json);
	}

	/**
	 * Stops the reply wherever it runs and waits (up to two seconds) until it is stored.
	 */
	CancelView cancel(ChatMessage message) {
		UUID id = message.getId();
		boolean cancelled = false;
		try {
			LiveReply live = this.hub.findRunning(id);
			if (live != null) {
				cancelled = live.cancel();
				live.awaitStopped(CANCEL_WAIT);
			}
			else if (this.log.configured()) {
				cancelled = cancelElsewhere(id);
			}
		}
		catch (ReplyLogUnavailable ex) {
			throw unavailable();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		MessageStatus status = this.messages.findById(id).map(ChatMessage::getStatus).orElse(message.getStatus());
		return new CancelView(id, status, cancelled);
	}

	private boolean cancelElsewhere(UUID id) throws InterruptedException {
		LoggedEvent last = this.log.lastEvent(id);
		if (last == null || last.last()) {
			return false;
		}
		this.log.publishCancel(id);
		long deadline = System.nanoTime() + CANCEL_WAIT.toNanos();
		while (System.nanoTime() < deadline && last != null && !last.last()) {
			Thread.sleep(25);
			last = this.log.lastEvent(id);
		}
		return last != null && "done".equals(last.name())
				&& "cancelled".equals(this.json.readTree(last.data()).path("finish_reason").asString());
	}

	private static ApiException unavailable() {
		return new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
				"The reply log is not reachable right now; try again shortly");
	}

	/**
	 * The answer to a cancel request.
	 *
	 * @param id the assistant message
	 * @param status its stored status
	 * @param cancelled whether this request stopped it
	 */
	record CancelView(UUID id, MessageStatus status, boolean cancelled) {
	}

}
