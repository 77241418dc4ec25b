package io.chatkit.rest.web;

import org.springframework.http.HttpStatus;

/**
 * The error codes clients rely on, each with the HTTP status it travels with.
 */
public enum ErrorCode {

	VALIDATION_FAILED(HttpStatus.BAD_REQUEST, "validation_failed"),

	INVALID_REQUEST(HttpStatus.BAD_REQUEST, "invalid_request"),

	UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "unauthorized"),

	FORBIDDEN(HttpStatus.FORBIDDEN, "forbidden"),

	NOT_FOUND(HttpStatus.NOT_FOUND, "not_found"),

	METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed"),

	PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large"),

	REQUEST_HEADER_FIELDS_TOO_LARGE(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request_header_fields_too_large"),

	UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),

	RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "rate_limited"),

	BUDGET_EXCEEDED(HttpStatus.TOO_MANY_REQUESTS, "budget_exceeded"),

	TOO_MANY_STREAMS(HttpStatus.TOO_MANY_REQUESTS, "too_many_streams"),
	IDEMPOTENCY_CONFLICT(HttpStatus.CONFLICT, "idempotency_conflict"),

	SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "service_unavailable"),

	INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error");

	private final HttpStatus status;

	private final String code;

	ErrorCode(HttpStatus status, String code) {
		this.status = status;
		this.code = code;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String code() {
		return this.code;
	}

}
