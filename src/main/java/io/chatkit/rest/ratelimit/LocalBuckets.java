package io.chatkit.rest.ratelimit;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;

import org.springframework.stereotype.Component;

/**
 * In-process buckets, one per client, used when Redis is not configured or not answering.
 * Idle buckets are full again after a minute, so they are dropped after two. The cache is
 * bounded so a flood of addresses cannot exhaust memory, and it evicts one bucket at a
 * time by frequency (Caffeine's W-TinyLFU): a limited client keeps knocking, so its
 * bucket is the last to go and a flood never hands it a fresh one.
 */
@Component
class LocalBuckets {

	static final int MAX_CLIENTS = 100_000;

	private static final Duration IDLE = Duration.ofMinutes(2);

	private final Cache<String, Bucket> buckets;

	LocalBuckets() {
		this(MAX_CLIENTS);
	}

	LocalBuckets(int maxClients) {
		// eviction runs on the caller's thread, so the bound holds when take() returns
		this.buckets = Caffeine.newBuilder()
			.maximumSize(maxClients)
			.expireAfterAccess(IDLE)
			.executor(Runnable::run)
			.build();
	}

	Decision take(String key, int requestsPerMinute, long version) {
		Bucket bucket = this.buckets.get(key,
				(k) -> Bucket.builder()
					.addLimit(ClientBucket.configuration(requestsPerMinute, version).getBandwidths()[0])
					.build());
		return ClientBucket.take(bucket, requestsPerMinute, version);
	}

	long size() {
		this.buckets.cleanUp();
		return this.buckets.estimatedSize();
	}

}
