package io.chatkit.rest.ratelimit;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Turns on the background work of this feature: the Redis probe, the limits file poll,
 * the spend refresh and the eviction of idle local buckets.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class RateLimitConfiguration {

}
