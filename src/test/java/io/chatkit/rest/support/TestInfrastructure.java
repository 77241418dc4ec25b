package io.chatkit.rest.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * Points a test context at the real PostgreSQL and Redis of {@link TestPostgres} and
 * {@link TestRedis}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestInfrastructure {

	@Bean
	DynamicPropertyRegistrar testInfrastructureProperties() {
		return (registry) -> {
			TestPostgres.Server postgres = TestPostgres.get();
			registry.add("spring.datasource.url", postgres::jdbcUrl);
			registry.add("spring.datasource.username", postgres::username);
			registry.add("spring.datasource.password", postgres::password);
			registry.add("chatkit.rate-limit.redis-url", TestRedis::url);
		};
	}

}
