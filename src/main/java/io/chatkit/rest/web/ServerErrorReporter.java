package io.chatkit.rest.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Where server-side failures (5xx answers and unhandled exceptions) are reported, beyond
 * the log.
 */
public interface ServerErrorReporter {

	/**
	 * Reports an unhandled exception.
	 * @param ex the exception
	 */
	void report(Throwable ex);

	/**
	 * Reports a 5xx answer that had no exception behind it worth a stack trace.
	 * @param code the error code answered
	 * @param request the request answered
	 */
	void reportStatus(ErrorCode code, HttpServletRequest request);

}
