package io.chatkit.rest.support;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import io.chatkit.rest.ChatkitRestApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One running service that a test starts, breaks and closes itself (a test context cannot
 * be closed mid-test or pointed at a relay per test). Defaults: random ports, the test
 * JWT secret, real PostgreSQL and Redis, a small pool and a limit no test reaches.
 */
public final class RunningService implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private RunningService(ConfigurableApplicationContext context) {
		this.context = context;
	}

	public static Builder with() {
		return new Builder();
	}

	/**
	 * A service limiting requests through the given Redis, for rate-limit tests.
	 * @param redisUrl the Redis to share buckets through
	 * @param keyPrefix the key prefix, shared by services that share buckets
	 * @param requestsPerMinute the limit
	 * @return the running service
	 */
	public static RunningService limited(String redisUrl, String keyPrefix, int requestsPerMinute) {
		return with().set("chatkit.rate-limit.redis-url", redisUrl)
			.set("chatkit.rate-limit.key-prefix", keyPrefix)
			.set("chatkit.rate-limit.requests-per-minute", requestsPerMinute)
			.start();
	}

	public int port() {
		return Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port"));
	}

	public int managementPort() {
		return Integer.parseInt(this.context.getEnvironment().getProperty("local.management.port"));
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	public ApiClient api() {
		return new ApiClient(port());
	}

	public ApiClient management() {
		return new ApiClient(managementPort());
	}

	/**
	 * What {@code /actuator/prometheus} shows now.
	 * @return the exposition text
	 */
	public String metrics() {
		return management().get("/actuator/prometheus", null).body();
	}

	public void publish(Object event) {
		this.context.publishEvent(event);
	}

	public JdbcTemplate jdbc() {
		return this.context.getBean(JdbcTemplate.class);
	}

	@Override
	public void close() {
		this.context.close();
	}

	/**
	 * Properties of a service about to start.
	 */
	public static final class Builder {

		private final Map<String, Object> properties = new LinkedHashMap<>();

		private Clock clock;

		private final Map<String, Object> environmentVariables = new LinkedHashMap<>();

		private Builder() {
			TestPostgres.Server postgres = TestPostgres.get();
			this.properties.put("server.port", "0");
			this.properties.put("management.server.port", "0");
			this.properties.put("chatkit.security.jwt.secret", JwtTokens.SECRET);
			this.properties.put("spring.datasource.url", postgres.jdbcUrl());
			this.properties.put("spring.datasource.username", postgres.username());
			this.properties.put("spring.datasource.password", postgres.password());
			this.properties.put("spring.datasource.hikari.maximum-pool-size", "5");
			this.properties.put("spring.datasource.hikari.minimum-idle", "1");
			this.properties.put("chatkit.rate-limit.redis-url", TestRedis.url());
			this.properties.put("chatkit.rate-limit.requests-per-minute", "1000000");
			this.properties.put("chatkit.rate-limit.key-prefix", "test:" + java.util.UUID.randomUUID() + ":");
			this.properties.put("chatkit.limits.file", "target/no-limits-file.properties");
			this.properties.put("chatkit.budget.daily-usd", "1000000");
			this.properties.put("chatkit.llm.api-key", "sk-or-v1-reliability-test-key");
			this.properties.put("chatkit.llm.model", "openai/gpt-4o");
			this.properties.put("chatkit.llm.retry.initial-backoff", "20ms");
		}

		public Builder set(String name, Object value) {
			this.properties.put(name, value);
			return this;
		}

		/**
		 * Gives the service this clock instead of the system's.
		 */
		public Builder clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		/**
		 * Adds an environment variable as the service sees it (the JVM's own environment
		 * cannot be changed), e.g. the ones Spring Boot detects a cloud platform by.
		 * @param name the variable
		 * @param value its value
		 * @return this builder
		 */
		public Builder environmentVariable(String name, String value) {
			this.environmentVariables.put(name, value);
			return this;
		}

		public RunningService start() {
			String[] args = this.properties.entrySet()
				.stream()
				.map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
				.toArray(String[]::new);
			SpringApplicationBuilder builder = new SpringApplicationBuilder(ChatkitRestApplication.class);
			Clock given = this.clock;
			if (given != null) {
				builder.initializers((context) -> ((GenericApplicationContext) context).registerBean("testClock",
						Clock.class, () -> given, (definition) -> definition.setPrimary(true)));
			}
			if (!this.environmentVariables.isEmpty()) {
				StandardEnvironment environment = new StandardEnvironment();
				Map<String, Object> variables = new LinkedHashMap<>(environment.getSystemEnvironment());
				variables.putAll(this.environmentVariables);
				environment.getPropertySources()
					.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
							new SystemEnvironmentPropertySource(
									StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
				builder.environment(environment);
			}
			ConfigurableApplicationContext context = builder.run(args);
			return new RunningService(context);
		}

	}

}
