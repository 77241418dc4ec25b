package io.chatkit.rest.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Finds the dev launcher a PostgreSQL server when {@code DATABASE_URL} names none.
 */
final class DevPostgres {

	private static final Logger logger = LoggerFactory.getLogger(DevPostgres.class);

	private DevPostgres() {
	}

	static List<String> arguments() {
		String configured = System.getenv("DATABASE_URL");
		if (configured != null && !configured.isBlank()) {
			return List.of();
		}
		if (dockerAvailable()) {
			PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
			container.start();
			logger.info("Dev PostgreSQL: Testcontainers at {}", container.getJdbcUrl());
			return datasource(container.getJdbcUrl(), container.getUsername(), container.getPassword());
		}
		try {
			EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					postgres.close();
				}
				catch (IOException ex) {
					// the process is exiting; the temporary data directory goes with it
				}
			}));
			String url = postgres.getJdbcUrl("postgres", "postgres");
			logger.info("Dev PostgreSQL: embedded server at {}", url);
			return datasource(url, "postgres", "");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the embedded PostgreSQL; set DATABASE_URL", ex);
		}
	}

	private static List<String> datasource(String url, String user, String password) {
		return List.of("--spring.datasource.url=" + url, "--spring.datasource.username=" + user,
				"--spring.datasource.password=" + password);
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
	}

}
