package io.chatkit.rest.session;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.chatkit.rest.session.ConversationStore.Outcome;
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
 * nothing and any instance can store it once PostgreSQL answers; every few seconds Boot's
 * scheduler drains what is kept, each write retried briefly by a {@link RetryTemplate}.
 * Only when Redis is down as well does a write wait in this instance's memory.
 */
@Component
class ReplyStoreRetry {

	private static final Logger logger = LoggerFactory.getLogger(ReplyStoreRetry.class);

	private static final int BATCH = 100;

	private final ConversationStore store;

	private final ObjectProvider<PendingReplies> pending;

	private final JsonMapper json;

	private final RetryTemplate retry;

	private final Map<String, String> inMemory = new ConcurrentHashMap<>();

	ReplyStoreRetry(ConversationStore store, ObjectProvider<PendingReplies> pending, JsonMapper json) {
		this.store = store;
		this.pending = pending;
		this.json = json;
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
		logger.warn("Reply {} waits for the database in this instance's memory: Redis did not take it", id);
		this.inMemory.put(id, write);
	}

	@Scheduled(initialDelay = 2000, fixedDelay = 2000)
	void drain() {
		PendingReplies shared = this.pending.getIfAvailable();
		if (shared != null) {
			for (Map.Entry<String, String> entry : shared.kept(BATCH).entrySet()) {
				if (!store(entry.getKey(), entry.getValue())) {
					return;
				}
				shared.forget(entry.getKey());
			}
		}
		for (Map.Entry<String, String> entry : this.inMemory.entrySet()) {
			if (shared != null && shared.keep(entry.getKey(), entry.getValue())) {
				this.inMemory.remove(entry.getKey());
				continue;
			}
			if (!store(entry.getKey(), entry.getValue())) {
				return;
			}
			this.inMemory.remove(entry.getKey());
		}
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
