package io.chatkit.rest.observability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpServer;

/**
 * Sentry's ingest endpoint ({@code POST /api/{project}/envelope/}) on loopback, keeping
 * every envelope it receives, decompressed, as text.
 */
final class FakeSentryIngest implements AutoCloseable {

	private final HttpServer server;

	private final List<String> envelopes = new CopyOnWriteArrayList<>();

	FakeSentryIngest() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/api/", (exchange) -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
			if ("gzip".equalsIgnoreCase(encoding)) {
				body = gunzip(body);
			}
			this.envelopes.add(new String(body, StandardCharsets.UTF_8));
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.server.start();
	}

	private static byte[] gunzip(byte[] body) throws IOException {
		try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body));
				ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			in.transferTo(out);
			return out.toByteArray();
		}
	}

	String dsn() {
		return "http://publickey@127.0.0.1:" + this.server.getAddress().getPort() + "/1";
	}

	List<String> envelopes() {
		return this.envelopes;
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
