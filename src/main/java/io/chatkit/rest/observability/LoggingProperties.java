package io.chatkit.rest.observability;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How log lines are written. The logging system starts before any bean, so
 * {@code application.yml} turns the switch into Spring Boot's own
 * {@code logging.structured.format.console}; binding it here stops start-up on a value
 * that is not a boolean and documents the key.
 *
 * @param json whether console log lines are ECS JSON ({@code CHATKIT_LOGGING_JSON}; the
 * chart sets it): {@code true}, in lower case, switches them on; plain text otherwise
 * @param access whether each finished API request is logged (method, path, status,
 * duration)
 */
@Validated
@ConfigurationProperties("chatkit.logging")
record LoggingProperties(@DefaultValue("false") boolean json, @DefaultValue("true") boolean access) {

}
