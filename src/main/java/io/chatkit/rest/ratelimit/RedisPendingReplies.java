package io.chatkit.rest.ratelimit;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.chatkit.rest.session.PendingReplies;
import io.lettuce.core.MapScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.sync.RedisCommands;

import org.springframework.stereotype.Component;

/**
 * Finished replies waiting for PostgreSQL, kept in one Redis hash (field: assistant
 * message id) that every instance drains. Lives here because this feature owns the Redis
 * connection and its circuit breaker.
 */
@Component
class RedisPendingReplies implements PendingReplies {

	private final RedisLink redis;

	private final String key;

	RedisPendingReplies(RedisLink redis, RateLimitProperties properties) {
		this.redis = redis;
		this.key = properties.keyPrefix() + "pending-replies";
	}

	@Override
	public boolean keep(String id, String json) {
		RedisCommands<String, byte[]> commands = this.redis.commands();
		if (commands == null) {
			return false;
		}
		try {
			commands.hset(this.key, id, json.getBytes(StandardCharsets.UTF_8));
			return true;
		}
		catch (RuntimeException ex) {
			this.redis.failed(ex);
			return false;
		}
	}

	@Override
	public Map<String, String> kept(int max) {
		RedisCommands<String, byte[]> commands = this.redis.commands();
		Map<String, String> kept = new LinkedHashMap<>();
		if (commands == null) {
			return kept;
		}
		try {
			MapScanCursor<String, byte[]> page = commands.hscan(this.key, ScanArgs.Builder.limit(max));
			for (Map.Entry<String, byte[]> entry : page.getMap().entrySet()) {
				kept.put(entry.getKey(), new String(entry.getValue(), StandardCharsets.UTF_8));
			}
		}
		catch (RuntimeException ex) {
			this.redis.failed(ex);
		}
		return kept;
	}

	@Override
	public void forget(String id) {
		RedisCommands<String, byte[]> commands = this.redis.commands();
		if (commands == null) {
			return;
		}
		try {
			commands.hdel(this.key, id);
		}
		catch (RuntimeException ex) {
			this.redis.failed(ex);
		}
	}

}
