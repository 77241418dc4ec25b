package io.chatkit.rest.llm;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The upstream side of one reply: its deadlines and the request in flight, which is
 * aborted at once (connection closed) when the reply is cancelled or a deadline passes.
 * Safe to cancel from any thread.
 */
public final class UpstreamCall {

	enum State {

		ACTIVE, CANCELLED, TIMED_OUT

	}

	private final Object lock = new Object();

	private final CountDownLatch ended = new CountDownLatch(1);

	private final long replyDeadlineNanos;

	private volatile long readDeadlineNanos = Long.MAX_VALUE;

	private volatile State state = State.ACTIVE;

	private @Nullable Future<?> pending;

	private volatile boolean responded;

	private volatile @Nullable String generationId;

	private @Nullable Closeable body;

	UpstreamCall(Duration reply) {
		this.replyDeadlineNanos = System.nanoTime() + reply.toNanos();
	}

	/**
	 * Aborts the request in flight and every later one; the thread reading the reply sees
	 * an {@link UpstreamError#CANCELLED} failure.
	 */
	public void cancel() {
		end(State.CANCELLED);
	}

	/**
	 * Whether the upstream answered the current round with a stream (HTTP 200): from then
	 * on the provider may bill it, even if it never reports usage.
	 * @return {@code true} once the round's response began
	 */
	public boolean responseBegan() {
		return this.responded;
	}

	/**
	 * The current round's generation id, the key of its generation record.
	 * @return the id from {@code X-Generation-Id} or the chunks, {@code null} when none
	 * was seen
	 */
	public @Nullable String generationId() {
		return this.generationId;
	}

	void newRound() {
		this.responded = false;
		this.generationId = null;
	}

	void responded(@Nullable String generationId) {
		this.responded = true;
		if (generationId != null && !generationId.isBlank()) {
			this.generationId = generationId;
		}
	}

	void seenGenerationId(String id) {
		if (this.generationId == null) {
			this.generationId = id;
		}
	}

	public boolean isCancelled() {
		return this.state == State.CANCELLED;
	}

	State state() {
		return this.state;
	}

	void timeOut() {
		end(State.TIMED_OUT);
	}

	boolean expired(long nowNanos) {
		return nowNanos - this.readDeadlineNanos > 0 || nowNanos - this.replyDeadlineNanos > 0;
	}

	void expectDataWithin(Duration timeout) {
		this.readDeadlineNanos = System.nanoTime() + timeout.toNanos();
	}

	void attach(Future<?> request) {
		synchronized (this.lock) {
			this.pending = request;
			this.body = null;
		}
		abortIfEnded();
	}

	void attach(Closeable responseBody) {
		synchronized (this.lock) {
			this.pending = null;
			this.body = responseBody;
		}
		abortIfEnded();
	}

	/**
	 * Waits, returning early when the call ends.
	 * @param pause how long to wait
	 * @return {@code true} when the call is still active afterwards
	 */
	boolean pause(Duration pause) {
		try {
			this.ended.await(pause.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			cancel();
		}
		return this.state == State.ACTIVE;
	}

	private void end(State reason) {
		synchronized (this.lock) {
			if (this.state != State.ACTIVE) {
				return;
			}
			this.state = reason;
		}
		this.ended.countDown();
		abortIfEnded();
	}

	private void abortIfEnded() {
		if (this.state == State.ACTIVE) {
			return;
		}
		Future<?> request;
		Closeable response;
		synchronized (this.lock) {
			request = this.pending;
			response = this.body;
			this.pending = null;
			this.body = null;
		}
		if (request != null) {
			request.cancel(true);
		}
		if (response != null) {
			try {
				response.close();
			}
			catch (IOException ex) {
				// closing is how the connection is dropped; a failure to close cleanly
				// changes nothing for the caller
			}
		}
	}

}
