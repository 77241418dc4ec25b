package io.chatkit.rest.database;

import java.util.HashMap;
import java.util.Map;

import io.chatkit.rest.web.InvalidConfigurationException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Turns {@code DATABASE_URL} into Spring's datasource properties, so the service accepts
 * the URL form hosted PostgreSQL providers give out as well as a JDBC URL.
 */
class DatabaseUrlEnvironmentPostProcessor implements EnvironmentPostProcessor {

	private static final String DATABASE_URL = "DATABASE_URL";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String value = environment.getProperty(DATABASE_URL);
		if (!StringUtils.hasText(value)) {
			return;
		}
		DatabaseUrl url;
		try {
			url = DatabaseUrl.parse(value);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationException(DATABASE_URL, ex.getMessage());
		}
		Map<String, Object> properties = new HashMap<>();
		properties.put("spring.datasource.url", url.jdbcUrl());
		if (url.username() != null) {
			properties.put("spring.datasource.username", url.username());
		}
		if (url.password() != null) {
			properties.put("spring.datasource.password", url.password());
		}
		environment.getPropertySources().addFirst(new MapPropertySource("chatkitDatabaseUrl", properties));
	}

}
