package io.chatkit.rest.ratelimit;

import java.time.Duration;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.VerboseResult;

/**
 * Takes a token from a client's bucket, local or in Redis, and moves the bucket to a
 * newer request rate when one is in force. The bandwidth's id carries the version of the
 * rate, so replicas agree on which configuration is newest; what the client already spent
 * stays spent under the new rate.
 */
final class ClientBucket {

	private static final String VERSION_PREFIX = "v";

	private ClientBucket() {
	}

	/**
	 * The configuration of a bucket for a request rate.
	 * @param requestsPerMinute the rate
	 * @param version when the rate was applied
	 * @return the configuration
	 */
	static BucketConfiguration configuration(int requestsPerMinute, long version) {
		return BucketConfiguration.builder()
			.addLimit(Bandwidth.builder()
				.capacity(requestsPerMinute)
				.refillGreedy(requestsPerMinute, Duration.ofMinutes(1))
				.id(VERSION_PREFIX + version)
				.build())
			.build();
	}

	/**
	 * Takes one token.
	 * @param bucket the client's bucket
	 * @param requestsPerMinute the rate in force here
	 * @param version the version of that rate
	 * @return the decision
	 */
	static Decision take(Bucket bucket, int requestsPerMinute, long version) {
		VerboseResult<ConsumptionProbe> result = bucket.asVerbose().tryConsumeAndReturnRemaining(1);
		Bandwidth stored = result.getConfiguration().getBandwidths()[0];
		ConsumptionProbe probe = result.getValue();
		if (version(stored) >= version) {
			return Decision.of(stored.getCapacity(), probe);
		}
		long spent = stored.getCapacity() - Math.max(0, probe.getRemainingTokens());
		long remaining = Math.max(0, requestsPerMinute - spent);
		// a bandwidth with a new id starts full, so take back what was already spent
		bucket.replaceConfiguration(configuration(requestsPerMinute, version), TokensInheritanceStrategy.AS_IS);
		if (requestsPerMinute - remaining > 0) {
			bucket.consumeIgnoringRateLimits(requestsPerMinute - remaining);
		}
		return Decision.afterResize(probe.isConsumed(), requestsPerMinute, remaining);
	}

	private static long version(Bandwidth bandwidth) {
		String id = bandwidth.getId();
		if (id == null || !id.startsWith(VERSION_PREFIX)) {
			return -1;
		}
		try {
			return Long.parseLong(id.substring(VERSION_PREFIX.length()));
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

}
