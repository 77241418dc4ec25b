package io.chatkit.rest.session;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Redis that reply event logs and cancel requests travel through: the same server,
 * key prefix and command timeout as the shared rate limits ({@code REDIS_URL}), read here
 * so that replies do not depend on the rate-limit feature. The components are described
 * and defaulted as in the rate-limit feature's settings, which bind the same keys.
 *
 * @param redisUrl the Redis all replicas share for rate limits, budgets and reply logs
 * ({@code REDIS_URL}, {@code redis://[:pass@]host:port[/db]} or {@code rediss://…});
 * empty keeps them in process (one replica only)
 * @param keyPrefix prefix of every Redis key and channel this service writes
 * @param redisTimeout longest a Redis command may take before the fallback is used
 */
@Validated
@ConfigurationProperties("chatkit.rate-limit")
record ReplyRedisProperties(String redisUrl, @DefaultValue("chatkit:") @NotNull String keyPrefix,
		@DefaultValue("100ms") @NotNull Duration redisTimeout) {

	ReplyRedisProperties {
		redisUrl = (redisUrl != null) ? redisUrl.strip() : "";
	}

}
