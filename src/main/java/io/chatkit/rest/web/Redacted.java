package io.chatkit.rest.web;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A failure as it may be logged: the same exception classes and stack frames, none of the
 * messages. Messages of database, JSON and driver exceptions quote SQL, bound values and
 * user text, and no log line may carry those.
 */
public final class Redacted extends RuntimeException {

	private Redacted(Throwable original, Map<Throwable, Boolean> seen) {
		super(original.getClass().getName(), null, false, true);
		setStackTrace(original.getStackTrace());
		seen.put(original, true);
		Throwable cause = original.getCause();
		if (cause != null && !seen.containsKey(cause)) {
			initCause(new Redacted(cause, seen));
		}
	}

	/**
	 * The loggable form of a failure.
	 * @param failure what was thrown
	 * @return the same chain without messages
	 */
	public static Redacted of(Throwable failure) {
		return new Redacted(failure, new IdentityHashMap<>());
	}

	@Override
	public String toString() {
		return getMessage();
	}

}
