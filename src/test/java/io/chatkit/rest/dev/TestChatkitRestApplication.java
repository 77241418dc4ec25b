package io.chatkit.rest.dev;

import java.util.ArrayList;
import java.util.List;

import io.chatkit.rest.ChatkitRestApplication;

import org.springframework.boot.SpringApplication;

/**
 * Runs the service for development ({@code ./mvnw spring-boot:test-run}): PostgreSQL from
 * {@code DATABASE_URL}, else from Testcontainers when Docker exists, else an embedded
 * real PostgreSQL, either keeping its data in {@code .dev-data} across restarts; a dev
 * JWT secret unless {@code JWT_SECRET} is set; and {@code GET /dev/token}.
 */
public final class TestChatkitRestApplication {

	private TestChatkitRestApplication() {
	}

	public static void main(String[] args) {
		DevPostgres postgres = DevPostgres.start();
		// Spring Boot runs its shutdown handlers after every application context has
		// closed, so the database outlives graceful shutdown and the replies it lets
		// finish
		SpringApplication.getShutdownHandlers().add(postgres::close);
		List<String> arguments = new ArrayList<>(List.of(args));
		arguments.addAll(postgres.arguments());
		SpringApplication.from(ChatkitRestApplication::main)
			.with(DemoModelConfiguration.class)
			.withAdditionalProfiles("dev")
			.run(arguments.toArray(String[]::new));
	}

}
