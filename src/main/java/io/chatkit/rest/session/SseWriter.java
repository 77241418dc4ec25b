package io.chatkit.rest.session;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the reply stream: named events {@code id: N}, {@code event: NAME},
 * {@code data: JSON} with ids counting from 1, and {@code : keep-alive} comments. Writes
 * are serialised because the keep-alive comes from another thread; a failed write means
 * the client is gone.
 */
final class SseWriter {

	private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

	private final OutputStream out;

	private final JsonMapper json;

	private long nextId = 1;

	private volatile long lastWriteNanos = System.nanoTime();

	private volatile boolean clientGone;

	SseWriter(OutputStream out, JsonMapper json) {
		this.out = out;
		this.json = json;
	}

	/**
	 * Sends one event. Returns {@code false} once the client is gone.
	 */
	synchronized boolean event(String name, Object data) {
		if (this.clientGone) {
			return false;
		}
		String payload = "id: " + this.nextId++ + "\nevent: " + name + "\ndata: " + this.json.writeValueAsString(data)
				+ "\n\n";
		return write(payload.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Sends a keep-alive comment when nothing was written for the given time.
	 */
	synchronized void keepAliveIfSilentFor(long silenceNanos) {
		if (!this.clientGone && System.nanoTime() - this.lastWriteNanos >= silenceNanos) {
			write(KEEP_ALIVE);
		}
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
			return false;
		}
	}

}
