package io.chatkit.rest.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

import org.testcontainers.containers.GenericContainer;

/**
 * The real Redis server the tests use: {@code CHATKIT_TEST_REDIS_URL} when set, else a
 * Testcontainers server when a Docker engine exists, else the local server on
 * {@code localhost:6379}. Fails with a clear message when none is reachable.
 */
public final class TestRedis {

	private static String url;

	private TestRedis() {
	}

	/**
	 * The Redis URL for the tests.
	 * @return a {@code redis://} URL of a reachable server
	 */
	@SuppressWarnings("resource")
	public static synchronized String url() {
		if (url == null) {
			String configured = System.getenv("CHATKIT_TEST_REDIS_URL");
			if (configured != null && !configured.isBlank()) {
				url = configured;
			}
			else if (TestPostgres.dockerAvailable()) {
				GenericContainer<?> container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
				container.start();
				url = "redis://" + container.getHost() + ":" + container.getMappedPort(6379);
			}
			else {
				url = "redis://127.0.0.1:6379";
			}
			requireReachable(url);
		}
		return url;
	}

	/**
	 * The test Redis reached through a relay on this machine, same database.
	 * @param relayPort the relay's port
	 * @return a {@code redis://} URL
	 */
	public static String through(int relayPort) {
		String path = URI.create(url()).getPath();
		return "redis://127.0.0.1:" + relayPort + ((path != null) ? path : "");
	}

	private static void requireReachable(String redisUrl) {
		URI uri = URI.create(redisUrl);
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(uri.getHost(), (uri.getPort() != -1) ? uri.getPort() : 6379), 2000);
		}
		catch (IOException ex) {
			throw new IllegalStateException("No Redis for the tests at " + redisUrl
					+ " and no Docker engine for Testcontainers. Start Redis (see .ci/run) or set "
					+ "CHATKIT_TEST_REDIS_URL.", ex);
		}
	}

}
