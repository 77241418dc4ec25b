package io.chatkit.rest.observability;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Switches console logging to Spring Boot's structured ECS format when
 * {@code chatkit.logging.json=true}, before the logging system starts.
 */
class LoggingFormatEnvironmentPostProcessor implements EnvironmentPostProcessor {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.getProperty("chatkit.logging.json", Boolean.class, false)) {
			environment.getPropertySources()
				.addFirst(new MapPropertySource("chatkitLogging", Map.of("logging.structured.format.console", "ecs")));
		}
	}

}
