package io.chatkit.rest.session;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the reply stream: named events {@code id: N}, {@code event: NAME},
 * {@code data: JSON} with ids counting from 1, and {@code : keep-alive} comments. Writes
 * are serialised because the keep-alive comes from another thread; a failed write means
 * the client is gone, and the registered callback runs at once.
 */
final class SseWriter {

	private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

	private final OutputStream out;

	private final JsonMapper json;

	private long nextId = 1;

	private volatile long lastWriteNanos = System.nanoTime();

	private volatile boolean clientGone;

	private boolean closed;

	private Runnable onClientGone = () -> {
	};

	SseWriter(OutputStream out, JsonMapper json) {
		this.out = out;
		this.json = json;
	}

	/**
	 * Sets what runs once when a write finds the client gone.
	 */
	synchronized void onClientGone(Runnable callback) {
		this.onClientGone = callback;
	}

	/**
	 * Sends one event. Returns {@code false} once the client is gone.
	 */
	synchronized boolean event(String name, Object data) {
		if (this.clientGone || this.closed) {
			return false;
		}
		// encoded by Jackson itself, as JSON responses are, so text a Java string holds
		// but
		// UTF-8 cannot (a lone surrogate) reaches the client as it would from a GET
		byte[] head = ("id: " + this.nextId++ + "\nevent: " + name + "\ndata: ").getBytes(StandardCharsets.UTF_8);
		byte[] json = this.json.writeValueAsBytes(data);
		byte[] payload = new byte[head.length + json.length + 2];
		System.arraycopy(head, 0, payload, 0, head.length);
		System.arraycopy(json, 0, payload, head.length, json.length);
		payload[payload.length - 2] = '\n';
		payload[payload.length - 1] = '\n';
		return write(payload);
	}

	/**
	 * Whether nothing was written for the given time.
	 */
	boolean silentFor(long silenceNanos) {
		return System.nanoTime() - this.lastWriteNanos >= silenceNanos;
	}

	/**
	 * Sends a keep-alive comment when nothing was written for the given time.
	 */
	synchronized void keepAliveIfSilentFor(long silenceNanos) {
		if (!this.clientGone && !this.closed && silentFor(silenceNanos)) {
			write(KEEP_ALIVE);
		}
	}

	/**
	 * Ends the stream for writers on other threads: later writes do nothing. Waits for a
	 * write in progress, so the response is not touched after the request ends.
	 */
	synchronized void close() {
		this.closed = true;
	}

	boolean isClientGone() {
		return this.clientGone;
	}

	private boolean write(byte[] bytes) {
		try {
			this.out.write(bytes);
			this.out.flush();
			this.lastWriteNanos = System.nanoTime();
			return true;
		}
		catch (IOException | RuntimeException ex) {
			this.clientGone = true;
			this.onClientGone.run();
			return false;
		}
	}

}
