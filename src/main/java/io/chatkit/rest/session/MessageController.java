package io.chatkit.rest.session;

import java.io.IOException;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sending a message: validation, ownership and admission answer as ordinary JSON errors;
 * after that the response is the reply's event stream. A repeat with the same
 * {@code Idempotency-Key} gets the original reply's stream from its first event instead.
 */
@RestController
@RequestMapping("/api/v1/chatkit/sessions")
class MessageController {

	private final SessionService sessions;

	private final ReplyStreamer replies;

	private final ReplyAttacher attacher;

	private final IdempotencyKeys idempotencyKeys;

	private final MessagesProperties properties;

	MessageController(SessionService sessions, ReplyStreamer replies, ReplyAttacher attacher,
			IdempotencyKeys idempotencyKeys, MessagesProperties properties) {
		this.sessions = sessions;
		this.replies = replies;
		this.attacher = attacher;
		this.idempotencyKeys = idempotencyKeys;
		this.properties = properties;
	}

	@PostMapping("/{id}/messages")
	void send(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id, @RequestBody SendMessageRequest body,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
			HttpServletRequest request, HttpServletResponse response) throws IOException {
		String key = IdempotencyKeys.parse(idempotencyKey);
		String text = TextRules.messageText(body.text(), this.properties.maxChars());
		UUID session = this.sessions.ownedId(jwt.getSubject(), id);
		IdempotencyKeys.Claim claim = (key != null) ? this.idempotencyKeys.claim(jwt.getSubject(), key, id, body)
				: null;
		if (claim != null && repeat(jwt.getSubject(), claim, request, response)) {
			return;
		}
		try {
			this.replies.stream(jwt.getSubject(), session, text, claim, request, response);
		}
		catch (IdempotencyKeys.Taken ex) {
			repeat(jwt.getSubject(), claim, request, response);
		}
	}

	private boolean repeat(String userId, IdempotencyKeys.Claim claim, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		UUID earlier = this.idempotencyKeys.earlier(claim);
		if (earlier == null) {
			return false;
		}
		this.attacher.attach(this.attacher.reply(userId, claim.sessionId(), earlier), 0, request, response);
		return true;
	}

}
