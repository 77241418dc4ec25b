package io.chatkit.rest.llm;

/**
 * Why a reply could not be obtained, as the codes clients see in the {@code error} event.
 */
public enum UpstreamError {

	UPSTREAM_ERROR("upstream_error", true),

	UPSTREAM_TIMEOUT("upstream_timeout", true),

	UPSTREAM_RATE_LIMITED("upstream_rate_limited", true),

	UPSTREAM_UNAUTHORIZED("upstream_unauthorized", false),

	INSUFFICIENT_CREDITS("insufficient_credits", false),

	UPSTREAM_FORBIDDEN("upstream_forbidden", false),

	/** The caller cancelled the call; never shown to a client. */
	CANCELLED("cancelled", false);

	private final String code;

	private final boolean retryable;

	UpstreamError(String code, boolean retryable) {
		this.code = code;
		this.retryable = retryable;
	}

	public String code() {
		return this.code;
	}

	/**
	 * Whether sending the same message again later may succeed.
	 * @return {@code true} for transient failures
	 */
	public boolean retryable() {
		return this.retryable;
	}

	static UpstreamError forStatus(int status) {
		return switch (status) {
			case 401 -> UPSTREAM_UNAUTHORIZED;
			case 402 -> INSUFFICIENT_CREDITS;
			case 403 -> UPSTREAM_FORBIDDEN;
			case 429 -> UPSTREAM_RATE_LIMITED;
			default -> UPSTREAM_ERROR;
		};
	}

}
