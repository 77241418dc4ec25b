package io.chatkit.rest.observability;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The service's real error reporter for a web slice of another feature; without a Sentry
 * DSN it sends nothing.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import(SentryErrorReporter.class)
public class ErrorReportingSlice {

}
