package io.chatkit.rest.observability;

import io.chatkit.rest.web.ErrorCode;
import io.chatkit.rest.web.ServerErrorReporter;
import io.sentry.Sentry;
import io.sentry.SentryLevel;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;

/**
 * Sends server-side failures to Sentry; does nothing when no DSN is configured.
 */
@Component
class SentryErrorReporter implements ServerErrorReporter {

	@Override
	public void report(Throwable ex) {
		Sentry.captureException(ex);
	}

	@Override
	public void reportStatus(ErrorCode code, HttpServletRequest request) {
		Sentry.captureMessage(code.status().value() + " " + code.code() + " on " + request.getMethod() + " "
				+ request.getRequestURI(), SentryLevel.ERROR);
	}

}
