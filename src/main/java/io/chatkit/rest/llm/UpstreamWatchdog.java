package io.chatkit.rest.llm;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Enforces the read deadlines of all calls in flight from one shared thread: a blocking
 * read of the JDK HttpClient's body stream has no timeout of its own, so a call past its
 * deadline is aborted from here.
 */
final class UpstreamWatchdog implements AutoCloseable {

	private final Set<UpstreamCall> watched = ConcurrentHashMap.newKeySet();

	private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "upstream-watchdog");
		thread.setDaemon(true);
		return thread;
	});

	UpstreamWatchdog() {
		this.ticker.scheduleWithFixedDelay(this::check, 50, 50, TimeUnit.MILLISECONDS);
	}

	void watch(UpstreamCall call) {
		this.watched.add(call);
	}

	void release(UpstreamCall call) {
		this.watched.remove(call);
	}

	private void check() {
		long now = System.nanoTime();
		for (UpstreamCall call : this.watched) {
			if (call.expired(now)) {
				this.watched.remove(call);
				call.timeOut();
			}
		}
	}

	@Override
	public void close() {
		this.ticker.shutdownNow();
	}

}
