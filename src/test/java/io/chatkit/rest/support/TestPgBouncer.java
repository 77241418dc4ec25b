package io.chatkit.rest.support;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * A real PgBouncer in transaction mode in front of a fresh test database, as the
 * CloudNativePG {@code Pooler} in {@code k8s/} runs it: few server connections shared by
 * many clients. PgBouncer refuses to run as root, so as root it runs as {@code postgres}.
 */
public final class TestPgBouncer implements AutoCloseable {

	private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^:/]+)(?::(\\d+))?/([^?]+).*");

	private final Process process;

	private final int port;

	private final String database;

	private final TestPostgres.Server server;

	private TestPgBouncer(Process process, int port, String database, TestPostgres.Server server) {
		this.process = process;
		this.port = port;
		this.database = database;
		this.server = server;
	}

	/**
	 * Starts PgBouncer with the given server-side pool per user and database.
	 * @param poolSize PgBouncer's {@code default_pool_size}
	 * @return the running PgBouncer
	 */
	public static TestPgBouncer start(int poolSize) throws IOException, InterruptedException {
		String executable = executable();
		TestPostgres.Server server = TestPostgres.freshDatabase();
		Matcher url = URL.matcher(server.jdbcUrl());
		if (!url.matches()) {
			throw new IllegalStateException("Unexpected test database URL " + server.jdbcUrl());
		}
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Path dir = Files.createTempDirectory("pgbouncer",
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
		Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
		Files.writeString(dir.resolve("userlist.txt"), "\"" + server.username() + "\" \"" + server.password() + "\"\n");
		Files.writeString(dir.resolve("pgbouncer.ini"), String.join("\n", "[databases]",
				"* = host=" + url.group(1) + " port=" + ((url.group(2) != null) ? url.group(2) : "5432"), "[pgbouncer]",
				"listen_addr = 127.0.0.1", "listen_port = " + port, "unix_socket_dir =", "auth_type = trust",
				"auth_file = " + dir.resolve("userlist.txt"), "pool_mode = transaction", "max_client_conn = 200",
				"default_pool_size = " + poolSize, "ignore_startup_parameters = extra_float_digits,options",
				"logfile = " + dir.resolve("pgbouncer.log"), ""));
		List<String> command = new ArrayList<>();
		if ("root".equals(System.getProperty("user.name"))) {
			command.addAll(List.of("runuser", "-u", "postgres", "--"));
		}
		command.addAll(List.of(executable, dir.resolve("pgbouncer.ini").toString()));
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(dir.resolve("stdout.log").toFile())
			.start();
		TestPgBouncer bouncer = new TestPgBouncer(process, port, url.group(3), server);
		bouncer.awaitListening(dir);
		return bouncer;
	}

	/**
	 * The JDBC URL through PgBouncer, as the chart's environments set it.
	 * @return the URL
	 */
	public String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + this.database + "?prepareThreshold=0";
	}

	public TestPostgres.Server server() {
		return this.server;
	}

	private void awaitListening(Path dir) {
		await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("pgbouncer exited: " + Files.readString(dir.resolve("stdout.log")));
			}
			try (Socket socket = new Socket("127.0.0.1", this.port)) {
				return true;
			}
			catch (IOException ex) {
				return false;
			}
		});
	}

	private static String executable() {
		for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/bin")
			.split(File.pathSeparator)) {
			File candidate = new File(dir, "pgbouncer");
			if (candidate.canExecute()) {
				return candidate.getAbsolutePath();
			}
		}
		throw new IllegalStateException("pgbouncer is not installed: run .ci/run, or apt-get install pgbouncer");
	}

	@Override
	public void close() {
		this.process.destroy();
	}

}
