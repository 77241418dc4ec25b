package io.chatkit.rest.session;

import java.io.IOException;
import java.util.UUID;

import io.chatkit.rest.session.ReplyAttacher.CancelView;
import io.chatkit.rest.web.ApiException;
import io.chatkit.rest.web.ApiResponse;
import io.chatkit.rest.web.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Re-attaching to an assistant reply ({@code Last-Event-ID} as SSE clients send it) and
 * cancelling one.
 */
@RestController
@RequestMapping("/api/v1/chatkit/sessions")
class ReplyController {

	private final ReplyAttacher replies;

	ReplyController(ReplyAttacher replies) {
		this.replies = replies;
	}

	@GetMapping("/{id}/messages/{messageId}/events")
	void events(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id, @PathVariable UUID messageId,
			@RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventId,
			HttpServletRequest request, HttpServletResponse response) throws IOException {
		long after = lastEventId(lastEventId);
		ChatMessage message = this.replies.reply(jwt.getSubject(), id, messageId);
		this.replies.attach(message, after, request, response);
	}

	@PostMapping("/{id}/messages/{messageId}/cancel")
	ApiResponse<CancelView> cancel(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id,
			@PathVariable UUID messageId) {
		return ApiResponse.of(this.replies.cancel(this.replies.reply(jwt.getSubject(), id, messageId)));
	}

	private static long lastEventId(@Nullable String header) {
		if (header == null) {
			return 0;
		}
		String value = header.strip();
		if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			throw new ApiException(ErrorCode.VALIDATION_FAILED, "Last-Event-ID must be a non-negative integer");
		}
		return Long.parseLong(value);
	}

}
