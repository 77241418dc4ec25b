package io.chatkit.rest.session;

import java.io.IOException;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sending a message: validation, ownership and admission answer as ordinary JSON errors;
 * after that the response is the reply's event stream.
 */
@RestController
@RequestMapping("/api/v1/chatkit/sessions")
class MessageController {

	private final SessionService sessions;

	private final ReplyStreamer replies;

	private final MessagesProperties properties;

	private final ReplyAdmission admission;

	MessageController(SessionService sessions, ReplyStreamer replies, MessagesProperties properties,
			ReplyAdmission admission) {
		this.sessions = sessions;
		this.replies = replies;
		this.properties = properties;
		this.admission = admission;
	}

	@PostMapping("/{id}/messages")
	void send(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id, @RequestBody SendMessageRequest body,
			HttpServletResponse response) throws IOException {
		String text = TextRules.messageText(body.text(), this.properties.maxChars());
		ChatSession session = this.sessions.owned(jwt.getSubject(), id);
		this.admission.admit(jwt.getSubject());
		this.replies.stream(jwt.getSubject(), session, text, response);
	}

}
