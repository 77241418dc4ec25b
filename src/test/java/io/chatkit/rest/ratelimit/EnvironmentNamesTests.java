package io.chatkit.rest.ratelimit;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The environment names the chart's ConfigMap sets reach these settings by Spring Boot's
 * relaxed binding alone ({@code application.yml} maps none of them).
 */
class EnvironmentNamesTests {

	@Test
	void theChartsVariablesBindTheTrustedProxiesAndTheLimitsFile() {
		Binder binder = binder(
				Map.of("CHATKIT_RATE_LIMIT_TRUSTED_PROXIES", "10.0.0.0/8, fd00::/8", "CHATKIT_LIMITS_FILE",
						"/etc/chatkit/limits/limits.properties", "CHATKIT_RATE_LIMIT_REQUESTS_PER_MINUTE", "15"));
		RateLimitProperties rateLimit = binder.bindOrCreate("chatkit.rate-limit", RateLimitProperties.class);
		assertThat(rateLimit.trustedProxies()).containsExactly("10.0.0.0/8", "fd00::/8");
		assertThat(rateLimit.requestsPerMinute()).isEqualTo(15);
		assertThat(binder.bindOrCreate("chatkit.limits", LimitsProperties.class).file())
			.isEqualTo(Path.of("/etc/chatkit/limits/limits.properties"));
	}

	@Test
	void theChartsEmptyTrustedProxiesMeanNone() {
		Binder binder = binder(Map.of("CHATKIT_RATE_LIMIT_TRUSTED_PROXIES", ""));
		assertThat(binder.bindOrCreate("chatkit.rate-limit", RateLimitProperties.class).trustedProxies()).isEmpty();
	}

	private static Binder binder(Map<String, Object> variables) {
		// named as Boot names the process environment, so that its environment mapping
		// applies
		return new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(
				"chart-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables)));
	}

}
