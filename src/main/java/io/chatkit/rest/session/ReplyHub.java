package io.chatkit.rest.session;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.chatkit.rest.web.Redacted;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The replies generating on this instance, each on a virtual thread of its own: it logs
 * their events for every instance, runs the detach grace of replies nobody listens to,
 * cancels replies when any instance asks, and on shutdown (after the web server stopped
 * taking requests) lets running replies finish or stores them {@code partial}. Without
 * Redis, ended replies stay here for the replay retention instead of in the shared log.
 */
@Component
class ReplyHub implements LiveReply.Host, SmartLifecycle {

	private static final ContextSnapshotFactory CONTEXT = ContextSnapshotFactory.builder().build();

	private static final Logger logger = LoggerFactory.getLogger(ReplyHub.class);

	private static final Duration REMOTE_CHECK = Duration.ofSeconds(2);

	private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

	private final Map<UUID, LiveReply> running = new ConcurrentHashMap<>();

	private final Map<UUID, Retained> retained = new ConcurrentHashMap<>();

	private final Map<UUID, Boolean> unlogged = new ConcurrentHashMap<>();

	private final ReplyLog log;

	private final JsonMapper json;

	private final StreamsProperties properties;

	private final Clock clock;

	private final ScheduledExecutorService timers = Executors
		.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("reply-grace").factory());

	private volatile boolean started;

	ReplyHub(ReplyLog log, JsonMapper json, StreamsProperties properties, MeterRegistry registry, Clock clock) {
		this.log = log;
		this.clock = clock;
		this.json = json;
		this.properties = properties;
		Gauge.builder("chatkit.replies.running", this.running, Map::size)
			.description("Replies generating on this instance, attached or not")
			.register(registry);
	}

	/**
	 * Registers a reply about to start generating.
	 */
	LiveReply open(UUID assistantMessageId) {
		LiveReply reply = new LiveReply(assistantMessageId, this.json, this);
		this.running.put(assistantMessageId, reply);
		return reply;
	}

	/**
	 * Generates the reply on a virtual thread of its own. The work must
	 * {@link LiveReply#finish finish} the reply; if it fails to, the reply ends here.
	 */
	void run(LiveReply reply, Runnable work, ConversationStore.Outcome ifFailed) {
		// the reply's spans and log lines belong to the request that started it
		Runnable traced = CONTEXT.captureAll().wrap(work);
		Thread.ofVirtual().name("reply-" + reply.id()).start(() -> {
			try {
				traced.run();
			}
			catch (RuntimeException ex) {
				logger.error("Reply {} failed", reply.id(), Redacted.of(ex));
			}
			finally {
				// a reply ends only once its messages are stored or given up
				reply.awaitStart();
				reply.finish(ifFailed);
				ended(reply);
			}
		});
	}

	/**
	 * The reply with this id if it runs here, or ended here lately without a shared log.
	 */
	@Nullable LiveReply find(UUID assistantMessageId) {
		LiveReply reply = this.running.get(assistantMessageId);
		if (reply != null) {
			return reply;
		}
		Retained kept = this.retained.get(assistantMessageId);
		return (kept != null) ? kept.reply() : null;
	}

	@Nullable LiveReply findRunning(UUID assistantMessageId) {
		return this.running.get(assistantMessageId);
	}

	@Override
	public void logged(LiveReply reply, LoggedEvent event) {
		if (this.log.configured() && !this.unlogged.containsKey(reply.id())) {
			this.log.append(reply.id(), event, (ex) -> {
				if (this.unlogged.putIfAbsent(reply.id(), Boolean.TRUE) == null) {
					logger.warn("Reply {} could not be logged to Redis ({}); clients attached here keep streaming",
							reply.id(), ex.getClass().getSimpleName());
				}
			});
		}
	}

	@Override
	public void lastClientLeft(LiveReply reply) {
		startGrace(reply);
	}

	private void startGrace(LiveReply reply) {
		Duration grace = this.properties.detachGrace();
		if (grace.isZero() || grace.isNegative()) {
			reply.cancel();
			return;
		}
		reply.graceTimer(this.timers.schedule(() -> graceOver(reply), grace.toMillis(), TimeUnit.MILLISECONDS));
	}

	private void graceOver(LiveReply reply) {
		if (!reply.abandoned()) {
			return;
		}
		if (this.log.configured() && this.log.remoteReaders(reply.id())) {
			reply.graceTimer(
					this.timers.schedule(() -> remoteCheck(reply), REMOTE_CHECK.toMillis(), TimeUnit.MILLISECONDS));
			return;
		}
		if (reply.cancel()) {
			logger.info("Reply {} cancelled: no client attached within the detach grace", reply.id());
		}
	}

	private void remoteCheck(LiveReply reply) {
		if (!reply.abandoned()) {
			return;
		}
		if (this.log.remoteReaders(reply.id())) {
			reply.graceTimer(
					this.timers.schedule(() -> remoteCheck(reply), REMOTE_CHECK.toMillis(), TimeUnit.MILLISECONDS));
		}
		else {
			startGrace(reply);
		}
	}

	private void ended(LiveReply reply) {
		this.running.remove(reply.id());
		boolean unlogged = this.unlogged.remove(reply.id()) != null;
		if (unlogged) {
			this.log.discard(reply.id());
		}
		if (!this.log.configured() || unlogged) {
			this.retained.put(reply.id(),
					new Retained(reply, this.clock.millis() + this.properties.replayRetention().toMillis()));
		}
	}

	@Scheduled(initialDelay = 1000, fixedDelay = 5000)
	void housekeeping() {
		long now = this.clock.millis();
		this.retained.values().removeIf((kept) -> kept.until() <= now);
		if (this.log.configured()) {
			this.log.redis().subscribe(this.log.cancelChannel(), (id) -> cancelLocally(UUID.fromString(id.strip())));
		}
	}

	/**
	 * Cancels the reply if it runs here (a cancel request from any instance).
	 */
	boolean cancelLocally(UUID assistantMessageId) {
		LiveReply reply = this.running.get(assistantMessageId);
		return reply != null && reply.cancel();
	}

	@Override
	public void start() {
		this.started = true;
		housekeeping();
	}

	/**
	 * Runs after the web server's graceful shutdown (a lower phase stops later): the
	 * replies still running have no client left here. They get a short while to finish,
	 * then are cancelled and stored {@code partial}.
	 */
	@Override
	public void stop() {
		this.started = false;
		long deadline = System.nanoTime() + SHUTDOWN_WAIT.toNanos();
		try {
			while (!this.running.isEmpty() && System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
			for (LiveReply reply : this.running.values()) {
				reply.cancel();
			}
			for (LiveReply reply : this.running.values()) {
				reply.awaitStopped(Duration.ofSeconds(2));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.timers.shutdownNow();
	}

	@Override
	public boolean isRunning() {
		return this.started;
	}

	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	private record Retained(LiveReply reply, long until) {
	}

}
