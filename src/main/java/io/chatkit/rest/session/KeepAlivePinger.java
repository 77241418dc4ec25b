package io.chatkit.rest.session;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Keeps quiet reply streams open through proxies: one shared ticker finds streams silent
 * for the keep-alive interval and sends each a comment from a virtual thread, so a slow
 * client never holds up the others. A failed comment also reveals a client that left
 * while the model was thinking.
 */
@Component
class KeepAlivePinger implements DisposableBean {

	private final Set<SseWriter> writers = ConcurrentHashMap.newKeySet();

	private final Set<SseWriter> writing = ConcurrentHashMap.newKeySet();

	private final long silenceNanos;

	private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "sse-keep-alive");
		thread.setDaemon(true);
		return thread;
	});

	KeepAlivePinger(StreamsProperties properties) {
		this.silenceNanos = properties.keepAlive().toNanos();
		long tick = Math.max(50, Math.min(1000, properties.keepAlive().toMillis() / 4));
		this.ticker.scheduleWithFixedDelay(this::ping, tick, tick, TimeUnit.MILLISECONDS);
	}

	void register(SseWriter writer) {
		this.writers.add(writer);
	}

	void unregister(SseWriter writer) {
		this.writers.remove(writer);
	}

	private void ping() {
		for (SseWriter writer : this.writers) {
			if (writer.silentFor(this.silenceNanos) && this.writing.add(writer)) {
				Thread.ofVirtual().name("sse-keep-alive-write").start(() -> {
					try {
						writer.keepAliveIfSilentFor(this.silenceNanos);
					}
					finally {
						this.writing.remove(writer);
					}
				});
			}
		}
	}

	@Override
	public void destroy() {
		this.ticker.shutdownNow();
	}

}
