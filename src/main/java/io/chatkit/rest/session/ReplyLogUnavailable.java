package io.chatkit.rest.session;

import org.jspecify.annotations.Nullable;

/**
 * The shared reply log could not be reached; re-attaching answers 503
 * {@code service_unavailable} while it lasts.
 */
class ReplyLogUnavailable extends RuntimeException {

	ReplyLogUnavailable(@Nullable Throwable cause) {
		super("The reply log (Redis) is not answering", cause);
	}

}
