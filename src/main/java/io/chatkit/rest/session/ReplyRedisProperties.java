package io.chatkit.rest.session;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Redis that reply event logs and cancel requests travel through: the same server,
 * key prefix and command timeout as the shared rate limits ({@code REDIS_URL}), read here
 * so that replies do not depend on the rate-limit feature.
 *
 * @param redisUrl {@code redis://} or {@code rediss://} URL; empty keeps reply logs in
 * process (one replica only)
 * @param keyPrefix prefix of every key and channel
 * @param redisTimeout longest wait for one ordinary Redis command
 */
@Validated
@ConfigurationProperties("chatkit.rate-limit")
record ReplyRedisProperties(@DefaultValue("") @NotNull String redisUrl, @DefaultValue("chatkit:") String keyPrefix,
		@DefaultValue("100ms") @NotNull Duration redisTimeout) {

}
