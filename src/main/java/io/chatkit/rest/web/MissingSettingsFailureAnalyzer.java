package io.chatkit.rest.web;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * When start-up fails and a required setting was never given, names every missing setting
 * in one line. A pod with an empty Secret then starts, says what to set and exits, rather
 * than waiting in {@code CreateContainerConfigError} or printing the first bean failure.
 */
class MissingSettingsFailureAnalyzer implements FailureAnalyzer, Ordered {

	private final Environment environment;

	MissingSettingsFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		List<String> missing = missing();
		if (missing.isEmpty() || invalidSettingGiven(failure, missing)) {
			return null;
		}
		return new FailureAnalysis("Missing settings: " + String.join(", ", missing),
				"Set them (Helm: secrets.existingSecret, secrets.refs.<NAME> or secrets.*) and start again.", failure);
	}

	private List<String> missing() {
		List<String> missing = new ArrayList<>();
		if (!given("DATABASE_URL") && !given("spring.datasource.url")) {
			missing.add("DATABASE_URL");
		}
		if (!given("chatkit.security.jwt.secret") && !given("chatkit.security.jwt.jwks-uri")) {
			missing.add("JWT_SECRET or JWT_JWKS_URI");
		}
		return missing;
	}

	private boolean given(String name) {
		return StringUtils.hasText(this.environment.getProperty(name));
	}

	/** A setting that was given but is wrong says so itself, more precisely than this. */
	private static boolean invalidSettingGiven(Throwable failure, List<String> missing) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidConfigurationException invalid
					&& missing.stream().noneMatch((name) -> name.startsWith(invalid.getKey()))) {
				return true;
			}
		}
		return false;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
