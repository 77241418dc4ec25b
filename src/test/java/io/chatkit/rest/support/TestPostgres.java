package io.chatkit.rest.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The real PostgreSQL server the tests use: {@code CHATKIT_TEST_DATABASE_URL} when set,
 * else a Testcontainers server when a Docker engine exists, else the local server on
 * {@code localhost:5432} (user {@code postgres}). Each test JVM gets a database of its
 * own, dropped when the JVM exits. Fails with a clear message when none is reachable.
 */
public final class TestPostgres {

	private static Server server;

	private TestPostgres() {
	}

	/**
	 * The database of this JVM, created on first use.
	 * @return connection details of a fresh database
	 */
	public static synchronized Server get() {
		if (server == null) {
			server = createDatabase(adminServer());
		}
		return server;
	}

	/**
	 * A new, empty database on the test server, dropped at JVM exit; for a test that must
	 * see the schema created from scratch.
	 * @return the database
	 */
	public static synchronized Server freshDatabase() {
		return createDatabase(get());
	}

	private static Server adminServer() {
		String url = System.getenv("CHATKIT_TEST_DATABASE_URL");
		if (url != null && !url.isBlank()) {
			return new Server(url, env("CHATKIT_TEST_DATABASE_USER", "postgres"),
					env("CHATKIT_TEST_DATABASE_PASSWORD", ""));
		}
		if (dockerAvailable()) {
			PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
			container.start();
			return new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword());
		}
		return new Server("jdbc:postgresql://localhost:5432/postgres", "postgres", "");
	}

	private static Server createDatabase(Server admin) {
		String name = "chatkit_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.username(), admin.password());
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("No PostgreSQL for the tests at " + admin.jdbcUrl()
					+ " and no Docker engine for Testcontainers. Start PostgreSQL (see .ci/run) or set "
					+ "CHATKIT_TEST_DATABASE_URL. Cause: " + ex.getMessage(), ex);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(admin, name)));
		String base = admin.jdbcUrl();
		int slash = base.indexOf('/', "jdbc:postgresql://".length());
		int query = base.indexOf('?');
		String url = base.substring(0, slash + 1) + name + ((query >= 0) ? base.substring(query) : "");
		return new Server(url, admin.username(), admin.password());
	}

	private static void drop(Server admin, String name) {
		try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.username(), admin.password());
				Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
		}
		catch (SQLException ex) {
			// the server may already be gone at JVM exit; the database is then gone with
			// it
		}
	}

	static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null) ? value : fallback;
	}

	/**
	 * Where a test database lives.
	 *
	 * @param jdbcUrl JDBC URL
	 * @param username user
	 * @param password password
	 */
	public record Server(String jdbcUrl, String username, String password) {
	}

}
