package io.chatkit.rest.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay in front of a real server that a test can cut and restore, to make the
 * server unreachable without stopping it for everyone else.
 */
public final class TcpProxy implements AutoCloseable {

	private final String targetHost;

	private final int targetPort;

	private final ServerSocket server;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private volatile boolean cut;

	private volatile boolean partitioned;

	private final AtomicLong forwarded = new AtomicLong();

	public TcpProxy(String targetHost, int targetPort) throws IOException {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
		Thread.ofVirtual().name("tcp-proxy-accept").start(this::acceptLoop);
	}

	public int port() {
		return this.server.getLocalPort();
	}

	/** Bytes relayed from clients to the target so far. */
	public long bytesToTarget() {
		return this.forwarded.get();
	}

	/** Drops every open connection and refuses new ones until {@link #restore()}. */
	public void cut() {
		this.cut = true;
		this.sockets.forEach(TcpProxy::closeQuietly);
		this.sockets.clear();
	}

	/** Holds every connection open but forwards nothing until {@link #restore()}. */
	public void partition() {
		this.partitioned = true;
	}

	public void restore() {
		boolean wasPartitioned = this.partitioned;
		this.cut = false;
		this.partitioned = false;
		if (wasPartitioned) {
			this.sockets.forEach(TcpProxy::closeQuietly);
			this.sockets.clear();
		}
	}

	private void acceptLoop() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				if (this.cut) {
					closeQuietly(client);
					continue;
				}
				if (this.partitioned) {
					this.sockets.add(client);
					continue;
				}
				Socket upstream = new Socket();
				upstream.connect(new InetSocketAddress(this.targetHost, this.targetPort), 2000);
				this.sockets.add(client);
				this.sockets.add(upstream);
				Thread.ofVirtual().start(() -> pump(client, upstream, this.forwarded));
				Thread.ofVirtual().start(() -> pump(upstream, client, new AtomicLong()));
			}
			catch (IOException ex) {
				// accept failed because the proxy closed, or the target refused: the next
				// loop decides
			}
		}
	}

	private void pump(Socket from, Socket to, AtomicLong relayed) {
		byte[] buffer = new byte[16384];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int n;
			while ((n = in.read(buffer)) != -1) {
				if (!this.partitioned) {
					out.write(buffer, 0, n);
					out.flush();
					relayed.addAndGet(n);
				}
			}
		}
		catch (IOException ex) {
			// one side went away; close both below
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
			this.sockets.remove(from);
			this.sockets.remove(to);
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	@Override
	public void close() throws IOException {
		cut();
		this.server.close();
	}

}
