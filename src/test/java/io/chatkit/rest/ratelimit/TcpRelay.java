package io.chatkit.rest.ratelimit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay in front of Redis that a test can cut: while cut, it still accepts and
 * keeps connections open but forwards nothing, like a network partition, so clients only
 * learn of it through their timeouts.
 */
final class TcpRelay implements AutoCloseable {

	private final ServerSocket server;

	private final InetSocketAddress target;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private volatile boolean cut;

	TcpRelay(String redisUrl) throws IOException {
		URI uri = URI.create(redisUrl);
		this.target = new InetSocketAddress(uri.getHost(), (uri.getPort() != -1) ? uri.getPort() : 6379);
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread.ofVirtual().start(this::accept);
	}

	String url() {
		return "redis://127.0.0.1:" + this.server.getLocalPort();
	}

	void cut() {
		this.cut = true;
	}

	void restore() {
		this.cut = false;
		closeAll();
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				this.sockets.add(client);
				if (this.cut) {
					continue;
				}
				Socket upstream = new Socket();
				upstream.connect(this.target, 1000);
				this.sockets.add(upstream);
				Thread.ofVirtual().start(() -> pump(client, upstream));
				Thread.ofVirtual().start(() -> pump(upstream, client));
			}
			catch (IOException ex) {
				// closed, or Redis refused: the client sees its connection fail
			}
		}
	}

	private void pump(Socket from, Socket to) {
		byte[] buffer = new byte[8192];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int n;
			while ((n = in.read(buffer)) != -1) {
				if (!this.cut) {
					out.write(buffer, 0, n);
					out.flush();
				}
			}
		}
		catch (IOException ex) {
			// one side went away
		}
		finally {
			close(from);
			close(to);
		}
	}

	private void closeAll() {
		this.sockets.forEach(TcpRelay::close);
		this.sockets.clear();
	}

	private static void close(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		closeAll();
	}

}
