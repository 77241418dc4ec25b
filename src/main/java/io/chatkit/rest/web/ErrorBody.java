package io.chatkit.rest.web;

/**
 * The error envelope: {@code {"success": false, "error": {code, message, request_id}}}.
 *
 * @param success always {@code false}
 * @param error what went wrong
 */
public record ErrorBody(boolean success, Detail error) {

	static ErrorBody of(ErrorCode code, String message, String requestId) {
		return new ErrorBody(false, new Detail(code.code(), message, requestId));
	}

	/**
	 * What went wrong.
	 *
	 * @param code the machine-readable error code
	 * @param message a human-readable explanation
	 * @param requestId the request id, as in the {@code X-Request-Id} header
	 */
	public record Detail(String code, String message, String requestId) {
	}

}
