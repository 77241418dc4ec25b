package io.chatkit.rest.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.bucket4j.Bucket;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * In-process buckets, one per client, used when Redis is not configured or not answering.
 * Idle buckets are full again after a minute, so they are dropped after two; the map is
 * bounded so a flood of addresses cannot exhaust memory.
 */
@Component
class LocalBuckets {

	static final int MAX_CLIENTS = 100_000;

	private static final long IDLE_NANOS = TimeUnit.MINUTES.toNanos(2);

	private final Map<String, Entry> buckets = new ConcurrentHashMap<>();

	Decision take(String key, int requestsPerMinute, long version) {
		if (this.buckets.size() >= MAX_CLIENTS && !this.buckets.containsKey(key)) {
			evictIdle();
			if (this.buckets.size() >= MAX_CLIENTS) {
				this.buckets.clear();
			}
		}
		Entry entry = this.buckets.computeIfAbsent(key,
				(k) -> new Entry(Bucket.builder()
					.addLimit(ClientBucket.configuration(requestsPerMinute, version).getBandwidths()[0])
					.build()));
		entry.lastUsed = System.nanoTime();
		return ClientBucket.take(entry.bucket, requestsPerMinute, version);
	}

	@Scheduled(initialDelay = 60_000, fixedDelay = 60_000)
	void evictIdle() {
		long now = System.nanoTime();
		this.buckets.values().removeIf((entry) -> now - entry.lastUsed > IDLE_NANOS);
	}

	int size() {
		return this.buckets.size();
	}

	private static final class Entry {

		private final Bucket bucket;

		private volatile long lastUsed = System.nanoTime();

		Entry(Bucket bucket) {
			this.bucket = bucket;
		}

	}

}
