package io.chatkit.rest.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * Reads a reply's shared log for a client attached on an instance that does not run the
 * reply: {@code XREAD BLOCK} from after the last id seen, on a connection of its own, and
 * tells the running instance it is there by renewing its presence.
 */
final class RedisTail implements ReplySource {

	private static final long PRESENCE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(2);

	private final ReplyLog log;

	private final UUID reply;

	private final String reader = UUID.randomUUID().toString();

	private final StatefulRedisConnection<String, String> connection;

	private String lastId;

	private boolean ended;

	private long presentAt;

	RedisTail(ReplyLog log, UUID reply, long after) {
		this.log = log;
		this.reply = reply;
		this.lastId = after + "-0";
		this.connection = log.redis().dedicated();
		renewPresence();
	}

	@Override
	public List<LoggedEvent> next(Duration wait) {
		if (System.nanoTime() - this.presentAt >= PRESENCE_EVERY_NANOS) {
			renewPresence();
		}
		long block = Math.max(1, Math.min(wait.toMillis(), ReplyRedis.BLOCK.toMillis()));
		List<StreamMessage<String, String>> read;
		try {
			read = this.connection.sync()
				.xread(XReadArgs.Builder.block(block).count(500),
						XReadArgs.StreamOffset.from(this.log.events(this.reply), this.lastId));
		}
		catch (RuntimeException ex) {
			// the log is out of reach: end this stream, the client re-attaches
			this.ended = true;
			return List.of();
		}
		if (read == null || read.isEmpty()) {
			// nothing after the last id seen: the reply may be over already, or its log
			// expired (its instance died mid-reply) and no last event will come
			this.ended = this.log.over(this.reply, Long.parseLong(this.lastId.substring(0, this.lastId.indexOf('-'))));
			return List.of();
		}
		List<LoggedEvent> events = new ArrayList<>();
		for (StreamMessage<String, String> message : read) {
			LoggedEvent event = ReplyLog.event(message);
			events.add(event);
			this.lastId = message.getId();
			if (event.last()) {
				this.ended = true;
				break;
			}
		}
		return events;
	}

	@Override
	public boolean ended() {
		return this.ended;
	}

	@Override
	public void close() {
		this.log.absent(this.reply, this.reader);
		this.connection.closeAsync();
	}

	private void renewPresence() {
		this.presentAt = System.nanoTime();
		try {
			this.log.present(this.reply, this.reader);
		}
		catch (RuntimeException ex) {
			// without Redis the running instance cannot see this reader; its grace
			// decides
		}
	}

}
