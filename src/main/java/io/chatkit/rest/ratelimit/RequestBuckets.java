package io.chatkit.rest.ratelimit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;

import org.springframework.stereotype.Component;

/**
 * Each client's request bucket: shared through Redis while it answers, per replica
 * otherwise.
 */
@Component
class RequestBuckets {

	private final RedisLink redis;

	private final LocalBuckets local;

	private final LiveLimits limits;

	private final String keyPrefix;

	RequestBuckets(RedisLink redis, LocalBuckets local, LiveLimits limits, RateLimitProperties properties) {
		this.redis = redis;
		this.local = local;
		this.limits = limits;
		this.keyPrefix = properties.keyPrefix() + "rate-limit:";
	}

	/**
	 * Takes one token from the client's bucket.
	 * @param client the client address
	 * @return the decision
	 */
	Decision take(String client) {
		int rate = this.limits.limits().requestsPerMinute();
		long version = this.limits.rateVersion();
		Bucket shared = this.redis.bucket(this.keyPrefix + client, this::configuration);
		if (shared != null) {
			try {
				return ClientBucket.take(shared, rate, version);
			}
			catch (RuntimeException ex) {
				this.redis.failed(ex);
			}
		}
		return this.local.take(client, rate, version);
	}

	private BucketConfiguration configuration() {
		return ClientBucket.configuration(this.limits.limits().requestsPerMinute(), this.limits.rateVersion());
	}

}
