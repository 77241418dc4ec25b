package io.chatkit.rest.session;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.chatkit.rest.session.ConversationStore.Outcome;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * Stores the final write of replies that met a PostgreSQL outage. The write is kept in
 * Redis ({@link PendingReplies}), so a restart or a rollout during the outage loses
 * nothing and any instance can store it once PostgreSQL answers; when Redis does not take
 * it either, it is kept in a local file ({@link PendingReplyFiles}) that a restart of the
 * process finds, and handed to Redis once Redis answers. Every few seconds Boot's
 * scheduler drains what is kept, each write retried briefly by a {@link RetryTemplate}.
 */
@Component
class ReplyStoreRetry {

	private static final Logger logger = LoggerFactory.getLogger(ReplyStoreRetry.class);

	private static final int BATCH = 100;

	private final ConversationStore store;

	private final ObjectProvider<PendingReplies> pending;

	private final JsonMapper json;

	private final RetryTemplate retry;

	private final PendingReplyFiles local;

	ReplyStoreRetry(ConversationStore store, ObjectProvider<PendingReplies> pending, JsonMapper json,
			ReplyStoreProperties properties, ReplyRedisProperties redis) {
		this.store = store;
		this.pending = pending;
		this.json = json;
		// deployments that share a machine and a Redis keep theirs apart by key prefix
		this.local = new PendingReplyFiles(
				properties.pendingDir().resolve(redis.keyPrefix().replaceAll("[^A-Za-z0-9._-]", "_")));
		this.retry = new RetryTemplate(RetryPolicy.builder()
			.maxRetries(2)
			.delay(Duration.ofMillis(200))
			.multiplier(2)
			.includes(DataAccessException.class, TransactionException.class)
			.excludes(DataIntegrityViolationException.class)
			.build());
	}

	/**
	 * Keeps a reply's final write until it can be stored.
	 */
	void hold(UUID sessionId, UUID assistantMessageId, Outcome outcome) {
		String id = assistantMessageId.toString();
		String write = this.json.writeValueAsString(new Write(sessionId, assistantMessageId, outcome));
		PendingReplies shared = this.pending.getIfAvailable();
		if (shared != null && shared.keep(id, write)) {
			return;
		}
		if (this.local.keep(id, write)) {
			logger.warn("Reply {} waits for the database in {}: Redis did not take it", id, this.local.directory());
			return;
		}
		logger.error("Reply {} is lost: neither Redis nor {} took it", id, this.local.directory());
	}

	@Scheduled(initialDelay = 2000, fixedDelay = 2000)
	void drain() {
		PendingReplies shared = this.pending.getIfAvailable();
		if (shared != null && !drain(shared, null)) {
			return;
		}
		drain(this.local, shared);
	}

	/**
	 * Stores what {@code from} keeps, or hands it to {@code to}, where any instance can
	 * store it.
	 * @return whether everything taken from {@code from} is stored or handed on
	 */
	private boolean drain(PendingReplies from, @Nullable PendingReplies to) {
		for (Map.Entry<String, String> entry : from.kept(BATCH).entrySet()) {
			if (to != null && to.keep(entry.getKey(), entry.getValue())) {
				from.forget(entry.getKey());
				continue;
			}
			if (!store(entry.getKey(), entry.getValue())) {
				return false;
			}
			from.forget(entry.getKey());
		}
		return true;
	}

	/**
	 * @return whether the write is stored (or was already)
	 */
	private boolean store(String id, String value) {
		Write write = this.json.readValue(value, Write.class);
		try {
			this.retry.execute(() -> {
				this.store.finish(write.sessionId(), write.assistantMessageId(), write.outcome());
				return null;
			});
			logger.info("Reply {} stored after the database came back", id);
			return true;
		}
		catch (RetryException ex) {
			if (ex.getCause() instanceof DataIntegrityViolationException) {
				// an earlier attempt committed although its answer was lost
				return true;
			}
			return false;
		}
	}

	/**
	 * A reply's final write as kept.
	 *
	 * @param sessionId the session
	 * @param assistantMessageId the assistant message
	 * @param outcome what to store
	 */
	record Write(UUID sessionId, UUID assistantMessageId, Outcome outcome) {
	}

}
