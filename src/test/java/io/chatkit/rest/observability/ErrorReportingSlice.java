package io.chatkit.rest.observability;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The service's real error reporter for a web slice of another feature (without a Sentry
 * DSN it sends nothing), and the logging settings the slice's access-log filter reads.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import(SentryErrorReporter.class)
@EnableConfigurationProperties(LoggingProperties.class)
public class ErrorReportingSlice {

}
