package io.chatkit.rest.session;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The shared event log of replies: one Redis Stream per assistant message whose entry ids
 * are the event ids ({@code N-0}), kept for the replay retention after its last append;
 * beside it a sorted set of the remote readers attached now (scored by their last sign of
 * life) and the channel cancel requests travel on.
 */
@Component
class ReplyLog {

	/** A remote reader that has not renewed its presence for this long is gone. */
	static final Duration PRESENCE_TTL = Duration.ofSeconds(6);

	/**
	 * The expiry is renewed every this many events (and at the first and last), so that a
	 * long reply's log outlives it without an extra command per event.
	 */
	private static final int EXPIRE_EVERY = 10;

	private static final String NAME = "e";

	private static final String DATA = "d";

	private final ReplyRedis redis;

	private final long retentionSeconds;

	private final Clock clock;

	ReplyLog(ReplyRedis redis, StreamsProperties properties, Clock clock) {
		this.redis = redis;
		this.clock = clock;
		this.retentionSeconds = Math.max(1, properties.replayRetention().toSeconds());
	}

	boolean configured() {
		return this.redis.configured();
	}

	String cancelChannel() {
		return this.redis.key("reply-cancel");
	}

	/**
	 * Appends an event without waiting for Redis; a failure is reported to the callback.
	 */
	void append(UUID reply, LoggedEvent event, Consumer<Throwable> failed) {
		try {
			RedisAsyncCommands<String, String> commands = this.redis.shared().async();
			String key = events(reply);
			commands.xadd(key, new XAddArgs().id(event.id() + "-0"), NAME, event.name(), DATA, event.data())
				.exceptionally((ex) -> {
					failed.accept(ex);
					return null;
				});
			if (event.id() == 1 || event.last() || event.id() % EXPIRE_EVERY == 0) {
				commands.expire(key, this.retentionSeconds);
			}
		}
		catch (RuntimeException ex) {
			failed.accept(ex);
		}
	}

	/**
	 * Drops a log that missed events, so that re-attaching rebuilds from the stored
	 * message instead of replaying a gap.
	 */
	void discard(UUID reply) {
		try {
			this.redis.shared().async().del(events(reply), presence(reply));
		}
		catch (RuntimeException ex) {
			// the log expires by itself
		}
	}

	/**
	 * A reader of the log from after the given id, or {@code null} when no log is kept.
	 * @throws ReplyLogUnavailable when Redis cannot be reached
	 */
	@Nullable ReplySource tail(UUID reply, long after) {
		if (call((redis) -> redis.exists(events(reply))) == 0) {
			return null;
		}
		return new RedisTail(this, reply, after);
	}

	/**
	 * Whether a reader that saw every event up to the given id has nothing more to wait
	 * for: the last event is among those, or the log is gone. {@code false} when Redis
	 * cannot tell.
	 */
	boolean over(UUID reply, long seen) {
		try {
			LoggedEvent newest = lastEvent(reply);
			return newest == null || (newest.last() && newest.id() <= seen);
		}
		catch (ReplyLogUnavailable ex) {
			return false;
		}
	}

	/**
	 * The newest logged event, or {@code null} when no log is kept.
	 * @throws ReplyLogUnavailable when Redis cannot be reached
	 */
	@Nullable LoggedEvent lastEvent(UUID reply) {
		List<StreamMessage<String, String>> newest = call(
				(redis) -> redis.xrevrange(events(reply), Range.create("-", "+"), Limit.from(1)));
		return newest.isEmpty() ? null : event(newest.get(0));
	}

	/**
	 * Asks every instance to cancel a reply.
	 * @throws ReplyLogUnavailable when Redis cannot be reached
	 */
	void publishCancel(UUID reply) {
		call((redis) -> redis.publish(cancelChannel(), reply.toString()));
	}

	/**
	 * Whether a remote reader renewed its presence lately; {@code false} when Redis is
	 * not answering (nobody can read the log then).
	 */
	boolean remoteReaders(UUID reply) {
		long nowMillis = this.clock.millis();
		try {
			Range<Double> recent = Range.create((double) (nowMillis - PRESENCE_TTL.toMillis()),
					Double.POSITIVE_INFINITY);
			return call((redis) -> redis.zcount(presence(reply), recent)) > 0;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	void present(UUID reply, String reader) {
		RedisAsyncCommands<String, String> commands = this.redis.shared().async();
		commands.zadd(presence(reply), ScoredValue.just(this.clock.millis(), reader));
		commands.expire(presence(reply), this.retentionSeconds);
	}

	void absent(UUID reply, String reader) {
		try {
			this.redis.shared().async().zrem(presence(reply), reader);
		}
		catch (RuntimeException ex) {
			// the presence ages out
		}
	}

	ReplyRedis redis() {
		return this.redis;
	}

	String events(UUID reply) {
		return this.redis.key("reply:" + reply + ":events");
	}

	private String presence(UUID reply) {
		return this.redis.key("reply:" + reply + ":attached");
	}

	private <T> T call(Function<RedisCommands<String, String>, T> command) {
		RedisCommands<String, String> commands = this.redis.shared().sync();
		try {
			return command.apply(commands);
		}
		catch (RuntimeException ex) {
			throw new ReplyLogUnavailable(ex);
		}
	}

	static LoggedEvent event(StreamMessage<String, String> message) {
		String id = message.getId();
		return new LoggedEvent(Long.parseLong(id.substring(0, id.indexOf('-'))), message.getBody().get(NAME),
				message.getBody().get(DATA));
	}

}
