package io.chatkit.rest.session;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.chatkit.rest.session.ConversationStore.Outcome;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * A reply generating on this instance, independent of any HTTP request: its events in
 * order (ids from 1), the clients attached here, and whether it was cancelled. The last
 * event ({@code done} or {@code error}) is held back until the outcome is stored, so that
 * a client that sees it finds the message stored.
 * <p>
 * The reply may generate before its messages are stored (the upstream call starts while
 * they commit): until {@link #start} sends the {@code start} event, the events it makes
 * wait, and a reply {@link #abandon abandoned} before that sends none.
 */
final class LiveReply {

	/**
	 * What the reply tells the instance that runs it.
	 */
	interface Host {

		void logged(LiveReply reply, LoggedEvent event);

		void lastClientLeft(LiveReply reply);

	}

	private final UUID id;

	private final JsonMapper json;

	private final Host host;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private final List<LoggedEvent> events = new ArrayList<>();

	private final List<LoggedEvent> early = new ArrayList<>();

	private final CompletableFuture<Void> stopped = new CompletableFuture<>();

	private @Nullable LoggedEvent held;

	private boolean cancelled;

	private boolean started;

	private boolean abandoned;

	private boolean ended;

	private int attached;

	private @Nullable Future<?> grace;

	private Runnable onCancel = () -> {
	};

	LiveReply(UUID id, JsonMapper json, Host host) {
		this.id = id;
		this.json = json;
		this.host = host;
	}

	UUID id() {
		return this.id;
	}

	/**
	 * Sets what runs once when the reply is cancelled (aborting the upstream call).
	 */
	void onCancel(Runnable callback) {
		boolean already;
		this.lock.lock();
		try {
			this.onCancel = callback;
			already = this.cancelled;
		}
		finally {
			this.lock.unlock();
		}
		if (already) {
			callback.run();
		}
	}

	/**
	 * Adds an event of the running reply; a last event waits for {@link #finish}.
	 * @return {@code false} once the reply is cancelled
	 */
	boolean event(String name, Object data) {
		LoggedEvent event;
		this.lock.lock();
		try {
			if (this.cancelled || this.ended || this.held != null) {
				return false;
			}
			// Jackson's own UTF-8 encoding, as JSON responses get it: text a Java string
			// holds
			// but UTF-8 cannot (a lone surrogate) then reads the same in the stream and
			// the API
			event = new LoggedEvent(this.events.size() + 1, name,
					new String(this.json.writeValueAsBytes(data), StandardCharsets.UTF_8));
			if (event.last()) {
				this.held = event;
				return true;
			}
			if (!this.started) {
				this.early.add(event);
				return true;
			}
			append(event);
		}
		finally {
			this.lock.unlock();
		}
		this.host.logged(this, event);
		return true;
	}

	boolean isCancelled() {
		return this.cancelled;
	}

	/**
	 * Sends the {@code start} event, once the reply's messages are stored, and after it
	 * the events made meanwhile.
	 */
	void start(Object data) {
		this.lock.lock();
		try {
			if (this.started || this.abandoned) {
				return;
			}
			this.started = true;
			List<LoggedEvent> out = new ArrayList<>(this.early.size() + 1);
			out.add(new LoggedEvent(1, "start", new String(this.json.writeValueAsBytes(data), StandardCharsets.UTF_8)));
			for (LoggedEvent event : this.early) {
				out.add(new LoggedEvent(out.size() + 1, event.name(), event.data()));
			}
			this.early.clear();
			for (LoggedEvent event : out) {
				append(event);
				// in order, before any later event of the generating thread
				this.host.logged(this, event);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Gives the reply up before it started, because its messages could not be stored: it
	 * is cancelled and sends no event.
	 */
	void abandon() {
		this.lock.lock();
		try {
			if (this.started) {
				return;
			}
			this.abandoned = true;
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		cancel();
	}

	/**
	 * Waits until the reply started or was abandoned.
	 * @return whether it started, i.e. its messages are stored
	 */
	boolean awaitStart() {
		this.lock.lock();
		try {
			while (!this.started && !this.abandoned) {
				this.changed.awaitUninterruptibly();
			}
			return this.started;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Sends the last event once the outcome is stored: the one the reply ended with, or
	 * {@code done} with {@code finish_reason: "cancelled"} when it was cancelled.
	 */
	void finish(Outcome outcome) {
		@Nullable LoggedEvent last;
		this.lock.lock();
		try {
			if (this.ended) {
				return;
			}
			if (!this.started) {
				// abandoned: no client ever saw it
				this.ended = true;
				this.early.clear();
				last = null;
			}
			else {
				last = (this.held != null) ? this.held
						: new LoggedEvent(this.events.size() + 1, "done",
								this.json.writeValueAsString(
										new ReplyEvents.Done(this.id, "cancelled",
												new ReplyEvents.Usage(outcome.promptTokens(),
														outcome.completionTokens(), outcome.costUsd()),
												outcome.model())));
				last = new LoggedEvent(this.events.size() + 1, last.name(), last.data());
				append(last);
				this.ended = true;
			}
			cancelGrace();
		}
		finally {
			this.lock.unlock();
		}
		if (last != null) {
			this.host.logged(this, last);
		}
		this.stopped.complete(null);
	}

	/**
	 * Cancels the reply unless it already ended.
	 * @return whether this call cancelled it
	 */
	boolean cancel() {
		Runnable callback;
		this.lock.lock();
		try {
			if (this.cancelled || this.ended || this.held != null) {
				return false;
			}
			this.cancelled = true;
			callback = this.onCancel;
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		callback.run();
		return true;
	}

	/**
	 * Waits until the reply stopped and its outcome is stored.
	 */
	void awaitStopped(Duration wait) throws InterruptedException {
		try {
			this.stopped.get(wait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			// the caller answers with what is stored now
		}
	}

	boolean ended() {
		this.lock.lock();
		try {
			return this.ended;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Whether no client is attached here to a reply still running.
	 */
	boolean abandoned() {
		this.lock.lock();
		try {
			return this.attached == 0 && !this.ended;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Starts the detach grace unless a client attached meanwhile.
	 */
	void graceTimer(Future<?> timer) {
		this.lock.lock();
		try {
			cancelGrace();
			if (this.attached > 0 || this.ended) {
				timer.cancel(false);
			}
			else {
				this.grace = timer;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Attaches a client that reads from after the given event id; the grace clock stops.
	 */
	ReplySource subscribe(long after) {
		this.lock.lock();
		try {
			this.attached++;
			cancelGrace();
		}
		finally {
			this.lock.unlock();
		}
		return new Cursor(after);
	}

	private void leave() {
		boolean last;
		this.lock.lock();
		try {
			this.attached--;
			last = this.attached == 0 && !this.ended;
		}
		finally {
			this.lock.unlock();
		}
		if (last) {
			this.host.lastClientLeft(this);
		}
	}

	private void append(LoggedEvent event) {
		this.events.add(event);
		this.changed.signalAll();
	}

	private void cancelGrace() {
		if (this.grace != null) {
			this.grace.cancel(false);
			this.grace = null;
		}
	}

	/**
	 * One attached client's place in the events.
	 */
	private final class Cursor implements ReplySource {

		private long position;

		private boolean done;

		private boolean closed;

		Cursor(long after) {
			this.position = after;
		}

		@Override
		public List<LoggedEvent> next(Duration wait) throws InterruptedException {
			LiveReply reply = LiveReply.this;
			reply.lock.lock();
			try {
				long nanos = wait.toNanos();
				while (reply.events.size() <= this.position && !reply.ended) {
					if (nanos <= 0) {
						return List.of();
					}
					nanos = reply.changed.awaitNanos(nanos);
				}
				int size = reply.events.size();
				List<LoggedEvent> out = (this.position < size)
						? List.copyOf(reply.events.subList((int) this.position, size)) : List.of();
				this.position = Math.max(this.position, size);
				this.done = reply.ended;
				return out;
			}
			finally {
				reply.lock.unlock();
			}
		}

		@Override
		public boolean ended() {
			return this.done;
		}

		@Override
		public void close() {
			if (!this.closed) {
				this.closed = true;
				leave();
			}
		}

	}

}
