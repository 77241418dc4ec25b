package io.chatkit.rest.web;

import org.springframework.http.HttpHeaders;

/**
 * A failure that reaches the client as an error envelope with the given code. Its message
 * is shown to the client, so it names the offending value but never a secret.
 */
public class ApiException extends RuntimeException {

	private final ErrorCode code;

	private final HttpHeaders headers;

	public ApiException(ErrorCode code, String message) {
		this(code, message, HttpHeaders.EMPTY);
	}

	public ApiException(ErrorCode code, String message, HttpHeaders headers) {
		super(message, null, false, false);
		this.code = code;
		this.headers = headers;
	}

	public ErrorCode code() {
		return this.code;
	}

	public HttpHeaders headers() {
		return this.headers;
	}

}
