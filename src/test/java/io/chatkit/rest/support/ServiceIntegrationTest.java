package io.chatkit.rest.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * A full application on a random port against real PostgreSQL and Redis, with the test
 * JWT secret.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "chatkit.security.jwt.secret=" + JwtTokens.SECRET,
				"spring.datasource.hikari.maximum-pool-size=5", "spring.datasource.hikari.minimum-idle=1" })
@Import(TestInfrastructure.class)
public @interface ServiceIntegrationTest {

}
