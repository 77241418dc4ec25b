package io.chatkit.rest.session;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes one client's reply stream: logged events as {@code id: N}, {@code event: NAME},
 * {@code data: JSON}, and {@code : keep-alive} comments. Only the client's own request
 * writer thread writes, so a slow client holds up nobody else; a failed write means the
 * client is gone.
 */
final class SseWriter {

	private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

	private final OutputStream out;

	private long lastWriteNanos = System.nanoTime();

	private boolean clientGone;

	SseWriter(OutputStream out) {
		this.out = out;
	}

	/**
	 * Sends one event. Returns {@code false} once the client is gone.
	 */
	boolean event(LoggedEvent event) {
		String payload = "id: " + event.id() + "\nevent: " + event.name() + "\ndata: " + event.data() + "\n\n";
		return write(payload.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Sends a keep-alive comment when nothing was written for the given time.
	 * @return {@code false} once the client is gone
	 */
	boolean keepAliveIfSilentFor(long silenceNanos) {
		if (System.nanoTime() - this.lastWriteNanos >= silenceNanos) {
			return write(KEEP_ALIVE);
		}
		return !this.clientGone;
	}

	/**
	 * How long until the stream has been silent for the given time.
	 */
	long nanosUntilSilent(long silenceNanos) {
		return Math.max(1, silenceNanos - (System.nanoTime() - this.lastWriteNanos));
	}

	private boolean write(byte[] bytes) {
		if (this.clientGone) {
			return false;
		}
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
