package io.chatkit.rest.ratelimit;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.RunningService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One address holding slow connections cannot stop the API port: beyond
 * {@code chatkit.server.max-connections-per-address} its connections are closed at once,
 * while another address's requests keep their latency; a trusted proxy is exempt.
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
	void aSlowFloodFromOneAddressIsCappedAndOthersAreAnsweredAsUsual() throws Exception {
		List<Socket> flood = new ArrayList<>();
		try {
			for (int i = 0; i < CAP; i++) {
				flood.add(slowClient("127.0.0.2"));
			}
			long before = health();
			List<Socket> beyond = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				beyond.add(slowClient("127.0.0.2"));
			}
			for (Socket socket : beyond) {
				assertThat(closedWithin(socket, 2_000)).isTrue();
			}
			assertThat(stillOpen(flood.get(0))).isTrue();
			long during = health();
			assertThat(during).isLessThan(Math.max(1_000, before * 5));
			assertThat(new ApiClient(service.port()).get("/health", null).status()).isEqualTo(200);
		}
		finally {
			for (Socket socket : flood) {
				socket.close();
			}
		}
	}

	@Test
	void aTrustedProxyMayHoldMoreConnections() throws Exception {
		List<Socket> proxy = new ArrayList<>();
		try {
			for (int i = 0; i < CAP + 10; i++) {
				proxy.add(slowClient("127.0.0.3"));
			}
			assertThat(stillOpen(proxy.get(CAP + 9))).isTrue();
		}
		finally {
			for (Socket socket : proxy) {
				socket.close();
			}
		}
	}

	@Test
	void aClientThatStopsSendingHeadersIsClosed() throws Exception {
		try (Socket socket = slowClient("127.0.0.4")) {
			assertThat(closedWithin(socket, 15_000)).isTrue();
		}
	}

	@Test
	void headersTrickledByteByByteAreCutOffTenSecondsAfterTheFirstByte() throws Exception {
		try (Socket socket = slowClient("127.0.0.5")) {
			long start = System.nanoTime();
			socket.setSoTimeout(1);
			boolean closed = false;
			while (!closed && System.nanoTime() - start < 20_000_000_000L) {
				try {
					socket.getOutputStream().write('x');
					socket.getOutputStream().flush();
				}
				catch (IOException ex) {
					closed = true;
					break;
				}
				closed = closedWithin(socket, 1_000);
			}
			long seconds = (System.nanoTime() - start) / 1_000_000_000L;
			assertThat(closed).isTrue();
			assertThat(seconds).isBetween(8L, 14L);
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

	private static boolean stillOpen(Socket socket) throws IOException {
		return !closedWithin(socket, 300);
	}

	private static long health() {
		long start = System.nanoTime();
		assertThat(new ApiClient(service.port()).get("/health", null).status()).isEqualTo(200);
		return (System.nanoTime() - start) / 1_000_000;
	}

}
