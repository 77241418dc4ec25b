package io.chatkit.rest.session;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.chatkit.rest.web.InvalidConfigurationException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The connections to Redis that replies use: one shared connection for ordinary commands,
 * one subscription for cancel requests, and a connection of its own for each remote
 * reader (an {@code XREAD BLOCK} holds its connection). Connections reconnect by
 * themselves; while Redis is away commands fail at once instead of queueing, so a
 * generating reply never waits for it.
 */
@Component
class ReplyRedis implements DisposableBean {

	/** Longest block of one {@code XREAD}; its command timeout allows for it. */
	static final Duration BLOCK = Duration.ofSeconds(1);

	private static final Logger logger = LoggerFactory.getLogger(ReplyRedis.class);

	private static final long RETRY_CONNECT_NANOS = Duration.ofSeconds(1).toNanos();

	private final @Nullable RedisClient client;

	private final String prefix;

	private volatile @Nullable StatefulRedisConnection<String, String> shared;

	private volatile @Nullable StatefulRedisPubSubConnection<String, String> subscription;

	private volatile long lastAttemptNanos = System.nanoTime() - RETRY_CONNECT_NANOS;

	ReplyRedis(ReplyRedisProperties properties) {
		this.prefix = properties.keyPrefix();
		if (properties.redisUrl().isEmpty()) {
			this.client = null;
			return;
		}
		RedisURI uri;
		try {
			uri = RedisURI.create(properties.redisUrl());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationException("chatkit.rate-limit.redis-url", "is not a valid Redis URL");
		}
		// the connection handshake waits this long too (Lettuce's default is 60 s): a
		// Redis that accepts but never answers must not hold a reply's first event
		uri.setTimeout(properties.redisTimeout());
		this.client = RedisClient.create(uri);
		long commandNanos = properties.redisTimeout().toNanos();
		long blockingNanos = BLOCK.plusSeconds(2).toNanos();
		this.client.setOptions(ClientOptions.builder()
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.timeoutOptions(TimeoutOptions.builder().timeoutSource(new TimeoutOptions.TimeoutSource() {
				@Override
				public long getTimeout(RedisCommand<?, ?, ?> command) {
					return (command.getType() == CommandType.XREAD) ? blockingNanos : commandNanos;
				}

				@Override
				public TimeUnit getTimeUnit() {
					return TimeUnit.NANOSECONDS;
				}
			}).build())
			.socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(1)).build())
			.build());
	}

	boolean configured() {
		return this.client != null;
	}

	/**
	 * A key or channel name under the configured prefix.
	 */
	String key(String name) {
		return this.prefix + name;
	}

	/**
	 * The shared connection for ordinary commands.
	 * @throws ReplyLogUnavailable when Redis cannot be reached
	 */
	StatefulRedisConnection<String, String> shared() {
		StatefulRedisConnection<String, String> now = this.shared;
		if (now != null) {
			return now;
		}
		synchronized (this) {
			if (this.shared == null) {
				this.shared = connect();
			}
			return this.shared;
		}
	}

	/**
	 * A connection for one blocking reader, to be closed by it.
	 * @throws ReplyLogUnavailable when Redis cannot be reached
	 */
	StatefulRedisConnection<String, String> dedicated() {
		try {
			return client().connect();
		}
		catch (RuntimeException ex) {
			throw new ReplyLogUnavailable(ex);
		}
	}

	/**
	 * Listens to a channel on every instance; retried until Redis answers.
	 */
	synchronized void subscribe(String channel, Consumer<String> listener) {
		if (this.client == null || this.subscription != null) {
			return;
		}
		try {
			StatefulRedisPubSubConnection<String, String> connection = this.client.connectPubSub();
			connection.addListener(new RedisPubSubAdapter<>() {
				@Override
				public void message(String from, String message) {
					listener.accept(message);
				}
			});
			connection.sync().subscribe(channel);
			this.subscription = connection;
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot listen for reply cancels on Redis yet ({})", ex.getClass().getSimpleName());
		}
	}

	private StatefulRedisConnection<String, String> connect() {
		if (System.nanoTime() - this.lastAttemptNanos < RETRY_CONNECT_NANOS) {
			throw new ReplyLogUnavailable(null);
		}
		this.lastAttemptNanos = System.nanoTime();
		try {
			return client().connect();
		}
		catch (RuntimeException ex) {
			throw new ReplyLogUnavailable(ex);
		}
	}

	private RedisClient client() {
		if (this.client == null) {
			throw new IllegalStateException("No Redis is configured");
		}
		return this.client;
	}

	@Override
	public void destroy() {
		if (this.client != null) {
			this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

}
