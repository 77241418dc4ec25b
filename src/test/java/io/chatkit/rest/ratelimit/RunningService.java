package io.chatkit.rest.ratelimit;

import java.util.HashMap;
import java.util.Map;

import io.chatkit.rest.ChatkitRestApplication;
import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.TestPostgres;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A whole service started on random ports, for tests that need more than one replica or
 * their own Redis URL.
 */
final class RunningService implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private RunningService(ConfigurableApplicationContext context) {
		this.context = context;
	}

	static RunningService start(String redisUrl, String keyPrefix, int requestsPerMinute) {
		TestPostgres.Server postgres = TestPostgres.get();
		Map<String, Object> properties = new HashMap<>();
		properties.put("server.port", 0);
		properties.put("management.server.port", 0);
		properties.put("spring.datasource.url", postgres.jdbcUrl());
		properties.put("spring.datasource.username", postgres.username());
		properties.put("spring.datasource.password", postgres.password());
		properties.put("chatkit.security.jwt.secret", JwtTokens.SECRET);
		properties.put("chatkit.rate-limit.redis-url", redisUrl);
		properties.put("chatkit.rate-limit.key-prefix", keyPrefix);
		properties.put("chatkit.rate-limit.requests-per-minute", requestsPerMinute);
		properties.put("chatkit.limits.file", "target/no-limits-file.properties");
		properties.put("spring.datasource.hikari.minimum-idle", 1);
		String[] args = properties.entrySet()
			.stream()
			.map((e) -> "--" + e.getKey() + "=" + e.getValue())
			.toArray(String[]::new);
		return new RunningService(new SpringApplicationBuilder(ChatkitRestApplication.class).run(args));
	}

	ApiClient api() {
		return new ApiClient(this.context.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
	}

	ApiClient management() {
		return new ApiClient(this.context.getEnvironment().getRequiredProperty("local.management.port", Integer.class));
	}

	String metrics() {
		return management().get("/actuator/prometheus", null).body();
	}

	@Override
	public void close() {
		this.context.close();
	}

}
