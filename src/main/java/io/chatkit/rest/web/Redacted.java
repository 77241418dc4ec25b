package io.chatkit.rest.web;

import java.util.IdentityHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A failure as it may be logged: the same exception classes and stack frames, none of the
 * messages. Messages of database, JSON and driver exceptions quote SQL, bound values and
 * user text, and no log line may carry those.
 */
public final class Redacted extends RuntimeException {

	private Redacted(Throwable original, @Nullable Redacted cause) {
		super(original.getClass().getName(), cause, false, true);
		setStackTrace(original.getStackTrace());
	}

	/**
	 * The loggable form of a failure.
	 * @param failure what was thrown
	 * @return the same chain without messages
	 */
	public static Redacted of(Throwable failure) {
		return redact(failure, new IdentityHashMap<>());
	}

	private static Redacted redact(Throwable original, Map<Throwable, Boolean> seen) {
		seen.put(original, true);
		Throwable cause = original.getCause();
		return new Redacted(original, (cause != null && !seen.containsKey(cause)) ? redact(cause, seen) : null);
	}

	@Override
	public String toString() {
		return getMessage();
	}

}
