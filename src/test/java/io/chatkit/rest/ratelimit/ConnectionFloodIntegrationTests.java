package io.chatkit.rest.ratelimit;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import io.chatkit.rest.support.RunningService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API connector runs the guarded protocol, and a client that stops sending its
 * headers is closed.
 */
class ConnectionFloodIntegrationTests {

	private static final int CAP = 40;

	static RunningService service;

	@BeforeAll
	static void start() {
		service = RunningService.with()
			.set("chatkit.server.max-connections-per-address", CAP)
			.set("chatkit.rate-limit.trusted-proxies", "127.0.0.3/32")
			.start();
	}

	@AfterAll
	static void stop() {
		service.close();
	}

	@Test
	void theApiConnectorRunsTheGuardedProtocol() {
		org.springframework.boot.web.server.context.WebServerApplicationContext context = (org.springframework.boot.web.server.context.WebServerApplicationContext) service
			.context();
		org.springframework.boot.tomcat.TomcatWebServer server = (org.springframework.boot.tomcat.TomcatWebServer) context
			.getWebServer();
		assertThat(server.getTomcat().getConnector().getProtocolHandler()).isInstanceOf(GuardedHttp11NioProtocol.class);
	}

	@Test
	void aClientThatStopsSendingHeadersIsClosed() throws Exception {
		try (Socket socket = slowClient("127.0.0.4")) {
			assertThat(closedWithin(socket, 15_000)).isTrue();
		}
	}

	/** A client that sends half a request line and then nothing. */
	private static Socket slowClient(String address) throws IOException {
		Socket socket = new Socket();
		socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
		socket.connect(new InetSocketAddress("127.0.0.1", service.port()), 2_000);
		socket.getOutputStream()
			.write("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
		socket.getOutputStream().flush();
		return socket;
	}

	private static boolean closedWithin(Socket socket, int millis) throws IOException {
		socket.setSoTimeout(millis);
		InputStream in = socket.getInputStream();
		try {
			while (true) {
				if (in.read() == -1) {
					return true;
				}
			}
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

}
