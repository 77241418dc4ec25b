package io.chatkit.rest.ratelimit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.chatkit.rest.web.InvalidConfigurationException;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.tracing.MicrometerTracing;
import io.lettuce.core.tracing.Tracing;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The connection to Redis, behind a circuit breaker. After a failed call, callers get
 * nothing (and use their per-replica fallback) until a background probe sees Redis answer
 * a PING again. Nothing here ever waits longer than the configured timeouts, and the
 * password in the URL is never logged.
 */
@Component
class RedisLink implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(RedisLink.class);

	private static final Duration BUCKET_EXPIRY = Duration.ofSeconds(10);

	private static final int MAX_HANDLES = 10_000;

	private static final Duration HANDLE_IDLE = Duration.ofMinutes(1);

	private final @Nullable RedisClient client;

	private final ClientResources resources;

	private final @Nullable String where;

	private volatile @Nullable Connected connected;

	private volatile boolean open = true;

	RedisLink(RateLimitProperties properties, ObjectProvider<ObservationRegistry> observations,
			ObjectProvider<Tracer> tracer) {
		// every command of a sampled request becomes a span of it; command arguments are
		// left out of the spans because the keys name users
		ObservationRegistry registry = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
		Tracer current = tracer.getIfAvailable();
		this.resources = ClientResources.builder()
			.tracing((current != null && !registry.isNoop())
					? new SampledCommandTracing(new MicrometerTracing(registry, "redis", false), current)
					: Tracing.disabled())
			.build();
		if (properties.redisUrl().isEmpty()) {
			logger.warn("REDIS_URL is not set: rate limits are per replica");
			this.client = null;
			this.where = null;
			return;
		}
		RedisURI uri = parse(properties.redisUrl());
		// the connection handshake may take as long as connecting; commands are cut off
		// by the timeout options below
		uri.setTimeout(properties.redisConnectTimeout());
		this.where = uri.getHost() + ":" + uri.getPort();
		this.client = RedisClient.create(this.resources, uri);
		this.client.setOptions(ClientOptions.builder()
			.autoReconnect(false)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.timeoutOptions(TimeoutOptions.enabled(properties.redisTimeout()))
			.socketOptions(SocketOptions.builder().connectTimeout(properties.redisConnectTimeout()).build())
			.build());
		// a cold JVM can miss the first command's timeout: one more try before giving up
		probe();
		probe();
		if (this.open) {
			logger.warn("Redis at {} is not answering: rate limits are per replica until it does", this.where);
		}
	}

	private static RedisURI parse(String url) {
		if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
			throw new InvalidConfigurationException("chatkit.rate-limit.redis-url",
					"must be a redis:// or rediss:// URL");
		}
		try {
			return RedisURI.create(url);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationException("chatkit.rate-limit.redis-url", "is not a valid Redis URL");
		}
	}

	/**
	 * Whether a Redis server is configured at all.
	 * @return {@code false} when {@code REDIS_URL} is unset
	 */
	boolean configured() {
		return this.client != null;
	}

	/**
	 * Whether callers must use their per-replica fallback.
	 * @return {@code true} when Redis is not configured or not answering
	 */
	boolean degraded() {
		return this.open;
	}

	/**
	 * A client's shared bucket, while Redis answers. The handle is kept while the client
	 * is active and built with Bucket4j's batching, so the requests of one client that
	 * arrive together on this instance share one compare-and-swap in Redis: without it
	 * they race on the same key, and every loser reads and swaps again (400 concurrent
	 * requests from one address took about 60 Redis commands each, docs/performance.md).
	 * @param key the bucket's key
	 * @param configuration the configuration of a bucket Redis does not hold yet
	 * @return the bucket, or {@code null} while degraded
	 */
	@Nullable Bucket bucket(String key, Supplier<BucketConfiguration> configuration) {
		Connected now = this.connected;
		if (this.open || now == null) {
			return null;
		}
		return now.handles()
			.get(key,
					(k) -> now.buckets().builder().withOptimization(Optimizations.batching()).build(k, configuration));
	}

	/**
	 * Redis commands, while Redis answers.
	 * @return synchronous commands, or {@code null} while degraded
	 */
	@Nullable RedisCommands<String, byte[]> commands() {
		Connected now = this.connected;
		return (this.open || now == null) ? null : now.connection().sync();
	}

	/**
	 * Opens the breaker after a failed call.
	 * @param ex what failed
	 */
	void failed(RuntimeException ex) {
		if (!this.open) {
			this.open = true;
			logger.warn("Redis at {} failed ({}): rate limits are per replica until it answers again", this.where,
					ex.getClass().getSimpleName());
		}
	}

	@Scheduled(initialDelay = 2000, fixedDelay = 2000)
	synchronized void probe() {
		if (this.client == null || !this.open) {
			return;
		}
		try {
			Connected now = this.connected;
			if (now == null || !now.connection().isOpen()) {
				if (now != null) {
					now.connection().closeAsync();
				}
				now = connect();
				this.connected = now;
			}
			now.connection().sync().ping();
			this.open = false;
			logger.info("Redis at {} answers: rate limits are shared", this.where);
		}
		catch (RuntimeException ex) {
			// a half-open connection never answers again: start afresh next time
			Connected stale = this.connected;
			this.connected = null;
			if (stale != null) {
				stale.connection().closeAsync();
			}
			logger.debug("Redis at {} still not answering: {}", this.where, ex.getClass().getSimpleName());
		}
	}

	private Connected connect() {
		StatefulRedisConnection<String, byte[]> connection = this.client
			.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
		ProxyManager<String> buckets = Bucket4jLettuce.casBasedBuilder(connection)
			.expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(BUCKET_EXPIRY))
			.build();
		// a handle holds no state of its own (that is in Redis): evicting one costs only
		// the batching of its next request
		Cache<String, Bucket> handles = Caffeine.newBuilder()
			.maximumSize(MAX_HANDLES)
			.expireAfterAccess(HANDLE_IDLE)
			.executor(Runnable::run)
			.build();
		return new Connected(connection, buckets, handles);
	}

	@Override
	public void destroy() {
		if (this.client != null) {
			this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
		this.resources.shutdown(0, 2, TimeUnit.SECONDS);
	}

	private record Connected(StatefulRedisConnection<String, byte[]> connection, ProxyManager<String> buckets,
			Cache<String, Bucket> handles) {
	}

}
