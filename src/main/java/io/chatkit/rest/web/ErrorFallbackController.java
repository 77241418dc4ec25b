package io.chatkit.rest.web;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers the container's error dispatches (failures outside Spring MVC) with the error
 * envelope instead of an HTML page.
 */
@RestController
class ErrorFallbackController implements ErrorController {

	private final ErrorResponseWriter writer;

	ErrorFallbackController(ErrorResponseWriter writer) {
		this.writer = writer;
	}

	@RequestMapping("/error")
	void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
		Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		int code = (status instanceof Integer value) ? value : 404;
		ErrorCode error = switch (code) {
			case 400 -> ErrorCode.INVALID_REQUEST;
			case 401 -> ErrorCode.UNAUTHORIZED;
			case 403 -> ErrorCode.FORBIDDEN;
			case 404 -> ErrorCode.NOT_FOUND;
			case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
			case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
			case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
			case 429 -> ErrorCode.RATE_LIMITED;
			case 503 -> ErrorCode.SERVICE_UNAVAILABLE;
			default -> (code >= 500) ? ErrorCode.INTERNAL_ERROR : ErrorCode.INVALID_REQUEST;
		};
		this.writer.write(request, response, error, switch (error) {
			case NOT_FOUND -> "No such route";
			case INTERNAL_ERROR -> "Internal error";
			default -> "Request failed";
		});
	}

}
