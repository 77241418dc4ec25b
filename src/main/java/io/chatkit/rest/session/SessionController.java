package io.chatkit.rest.session;

import java.util.List;
import java.util.UUID;

import io.chatkit.rest.session.SessionViews.DeletedView;
import io.chatkit.rest.session.SessionViews.SessionDetail;
import io.chatkit.rest.session.SessionViews.SessionListItem;
import io.chatkit.rest.session.SessionViews.SessionView;
import io.chatkit.rest.session.SessionViews.ThreadView;
import io.chatkit.rest.web.ApiException;
import io.chatkit.rest.web.ApiResponse;
import io.chatkit.rest.web.ErrorCode;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sessions API: create, list, read, delete, and open a session's thread.
 */
@RestController
@RequestMapping("/api/v1/chatkit/sessions")
class SessionController {

	private final SessionService sessions;

	SessionController(SessionService sessions) {
		this.sessions = sessions;
	}

	@PostMapping
	ApiResponse<SessionView> create(@AuthenticationPrincipal Jwt jwt,
			@RequestBody(required = false) CreateSessionRequest body) {
		String title = (body != null) ? TextRules.optionalTitle(body.title()) : null;
		return ApiResponse.of(SessionView.of(this.sessions.create(jwt.getSubject(), title)));
	}

	@GetMapping
	ApiResponse<List<SessionListItem>> list(@AuthenticationPrincipal Jwt jwt,
			@RequestParam(defaultValue = "50") @Min(value = 1, message = "must be between 1 and 100") @Max(value = 100,
					message = "must be between 1 and 100") int limit,
			@RequestParam(required = false) String cursor) {
		if (cursor != null && cursor.isBlank()) {
			throw new ApiException(ErrorCode.VALIDATION_FAILED, "cursor is not one this service issued");
		}
		SessionService.Page page = this.sessions.list(jwt.getSubject(), limit, cursor);
		return ApiResponse.page(page.sessions().stream().map(SessionListItem::of).toList(), page.nextCursor());
	}

	@GetMapping("/{id}")
	ApiResponse<SessionDetail> get(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
		return ApiResponse.of(this.sessions.get(jwt.getSubject(), id));
	}

	@DeleteMapping("/{id}")
	ApiResponse<DeletedView> delete(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
		this.sessions.delete(jwt.getSubject(), id);
		return ApiResponse.of(new DeletedView(id, true));
	}

	@PostMapping("/{id}/threads")
	ApiResponse<ThreadView> thread(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
		return ApiResponse.of(this.sessions.openThread(jwt.getSubject(), id));
	}

}
