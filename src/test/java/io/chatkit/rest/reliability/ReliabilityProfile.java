package io.chatkit.rest.reliability;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The two sizes of the reliability suite: the short profile every build runs and the long
 * one switched on with {@code -Dchatkit.reliability.long=true} (or
 * {@code -Preliability-long}). Both assert the same properties; only counts and durations
 * grow. Also measures what the report quotes.
 */
final class ReliabilityProfile {

	static final boolean LONG = Boolean.getBoolean("chatkit.reliability.long");

	private ReliabilityProfile() {
	}

	static int count(int shortCount, int longCount) {
		return LONG ? longCount : shortCount;
	}

	static Duration duration(Duration shortDuration, Duration longDuration) {
		return LONG ? longDuration : shortDuration;
	}

	/** Prints a figure for the report, tagged so it can be grepped from the build log. */
	static void report(String test, String figures) {
		System.out.println("[reliability" + (LONG ? "/long" : "/short") + "] " + test + ": " + figures);
	}

	/** Used heap after a full collection, in MiB. */
	static long usedHeapAfterGcMib() {
		for (int i = 0; i < 3; i++) {
			System.gc();
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
	}

	/** Live platform threads. */
	static int liveThreads() {
		return ManagementFactory.getThreadMXBean().getThreadCount();
	}

	/** Live platform threads by name, digits folded, for a failure message. */
	static String threadNames() {
		java.util.Map<String, Long> byName = new java.util.TreeMap<>();
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			byName.merge(thread.getName().replaceAll("[0-9]+", "N"), 1L, Long::sum);
		}
		return byName.toString();
	}

	/**
	 * Latencies of one kind of request.
	 */
	static final class Latencies {

		private final List<Long> nanos = Collections.synchronizedList(new ArrayList<>());

		void add(long elapsedNanos) {
			this.nanos.add(elapsedNanos);
		}

		int count() {
			return this.nanos.size();
		}

		long percentileMillis(double percentile) {
			List<Long> sorted;
			synchronized (this.nanos) {
				sorted = new ArrayList<>(this.nanos);
			}
			if (sorted.isEmpty()) {
				return 0;
			}
			Collections.sort(sorted);
			int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
			return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))) / 1_000_000;
		}

		long maxMillis() {
			return percentileMillis(100);
		}

		String summary() {
			return "n=" + count() + " p50=" + percentileMillis(50) + "ms p99=" + percentileMillis(99) + "ms max="
					+ maxMillis() + "ms";
		}

	}

}
