package io.chatkit.rest.ratelimit;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How client requests are limited.
 *
 * @param redisUrl the Redis all replicas share for rate limits, budgets and reply logs
 * ({@code REDIS_URL}, {@code redis://[:pass@]host:port[/db]} or {@code rediss://…});
 * empty keeps them in process (one replica only)
 * @param requestsPerMinute requests a client IP may make per minute, unless the limits
 * file says otherwise
 * @param trustedProxies CIDRs (IPv4 or IPv6) of proxies whose {@code X-Forwarded-For} is
 * believed ({@code CHATKIT_RATE_LIMIT_TRUSTED_PROXIES}, comma-separated)
 * @param keyPrefix prefix of every Redis key and channel this service writes
 * @param redisTimeout longest a Redis command may take before the fallback is used
 * @param redisConnectTimeout longest a connection attempt to Redis may take
 * @param ipv6Prefix leading bits of an IPv6 client address that make its key: one
 * subscriber is handed a whole /64, so the default keys that network, not each address
 */
@Validated
@ConfigurationProperties("chatkit.rate-limit")
record RateLimitProperties(String redisUrl, @DefaultValue("30") @Positive int requestsPerMinute,
		List<String> trustedProxies, @DefaultValue("chatkit:") @NotNull String keyPrefix,
		@DefaultValue("100ms") @NotNull Duration redisTimeout,
		@DefaultValue("1s") @NotNull Duration redisConnectTimeout,
		@DefaultValue("64") @Min(1) @Max(128) int ipv6Prefix) {

	RateLimitProperties {
		redisUrl = (redisUrl != null) ? redisUrl.strip() : "";
		trustedProxies = (trustedProxies != null)
				? trustedProxies.stream().map(String::strip).filter((cidr) -> !cidr.isEmpty()).toList() : List.of();
	}

}
