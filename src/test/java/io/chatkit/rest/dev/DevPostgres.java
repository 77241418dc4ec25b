package io.chatkit.rest.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ch.qos.logback.classic.Level;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Finds the dev launcher a PostgreSQL server when {@code DATABASE_URL} names none,
 * keeping its data in a folder that survives restarts ({@code CHATKIT_DEV_DATA}, default
 * {@code .dev-data} in the working directory; delete it to start afresh). The server is
 * not stopped by a shutdown hook of its own: {@link #close()} is for the launcher to call
 * once the application has shut down, so replies finishing during graceful shutdown are
 * still stored.
 */
final class DevPostgres implements AutoCloseable {

	static final String DATA_ENV = "CHATKIT_DEV_DATA";

	private static final Logger logger = LoggerFactory.getLogger(DevPostgres.class);

	private final List<String> arguments;

	private final AutoCloseable server;

	private DevPostgres(List<String> arguments, AutoCloseable server) {
		this.arguments = arguments;
		this.server = server;
	}

	/**
	 * The {@code --spring.datasource.*} arguments that point the application at the
	 * server, empty when {@code DATABASE_URL} is set.
	 */
	List<String> arguments() {
		return this.arguments;
	}

	static DevPostgres start() {
		String configured = System.getenv("DATABASE_URL");
		if (configured != null && !configured.isBlank()) {
			return new DevPostgres(List.of(), () -> {
			});
		}
		Path data = dataDirectory();
		if (dockerAvailable()) {
			return container(data.resolve("postgres-docker"));
		}
		return embedded(data.resolve("postgres-embedded"));
	}

	static Path dataDirectory() {
		String configured = System.getenv(DATA_ENV);
		return Path.of((configured != null && !configured.isBlank()) ? configured : ".dev-data").toAbsolutePath();
	}

	private static DevPostgres container(Path data) {
		createDirectories(data);
		PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
		container.withFileSystemBind(data.toString(), "/var/lib/postgresql/data");
		container.start();
		logger.info("Dev PostgreSQL: Testcontainers at {}, data in {}", container.getJdbcUrl(), data);
		return new DevPostgres(datasource(container.getJdbcUrl(), container.getUsername(), container.getPassword()),
				container::stop);
	}

	private static DevPostgres embedded(Path data) {
		createDirectories(data);
		try {
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setDataDirectory(data)
				.setCleanDataDirectory(false)
				.setRegisterShutdownHook(false)
				.start();
			String url = postgres.getJdbcUrl("postgres", "postgres");
			logger.info("Dev PostgreSQL: embedded server at {}, data in {}", url, data);
			return new DevPostgres(datasource(url, "postgres", ""), postgres);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(
					"Could not start the embedded PostgreSQL in " + data
							+ " (another launcher using it? delete the folder to start afresh); or set DATABASE_URL",
					ex);
		}
	}

	/**
	 * Stops the server; by then (after the application) logging has shut down, so a
	 * failure goes to standard error.
	 */
	@Override
	public void close() {
		try {
			this.server.close();
		}
		catch (Exception ex) {
			System.err.println("Dev PostgreSQL did not stop cleanly: " + ex.getMessage());
		}
	}

	private static void createDirectories(Path data) {
		try {
			Files.createDirectories(data);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create the dev data folder " + data, ex);
		}
	}

	private static List<String> datasource(String url, String user, String password) {
		return List.of("--spring.datasource.url=" + url, "--spring.datasource.username=" + user,
				"--spring.datasource.password=" + password);
	}

	/**
	 * Asks Testcontainers whether a Docker engine answers, with its own logging silenced:
	 * without Docker it logs an ERROR with a stack trace for what is, here, an expected
	 * answer. One INFO line says which way it went.
	 */
	static boolean dockerAvailable() {
		ch.qos.logback.classic.Logger testcontainers = (ch.qos.logback.classic.Logger) LoggerFactory
			.getLogger("org.testcontainers");
		Level level = testcontainers.getLevel();
		testcontainers.setLevel(Level.OFF);
		boolean available;
		try {
			available = DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			available = false;
		}
		finally {
			testcontainers.setLevel(level);
		}
		logger.info(available ? "Docker found: dev PostgreSQL runs in a container"
				: "No Docker engine found: dev PostgreSQL runs embedded");
		return available;
	}

}
