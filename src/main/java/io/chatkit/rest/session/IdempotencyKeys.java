package io.chatkit.rest.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import io.chatkit.rest.web.ApiException;
import io.chatkit.rest.web.ErrorCode;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code Idempotency-Key}s of sent messages, per user for 24 hours, in PostgreSQL so that
 * every instance sees them and a restart keeps them. A key is claimed in the transaction
 * that stores the message, so of two concurrent sends with one key only one stores
 * anything.
 */
@Component
class IdempotencyKeys {

	static final Duration KEPT_FOR = Duration.ofHours(24);

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final Clock clock;

	IdempotencyKeys(JdbcTemplate jdbc, JsonMapper json, Clock clock) {
		this.clock = clock;
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * Reads the header: 1..200 printable ASCII characters, or absent.
	 */
	static @Nullable String parse(@Nullable String header) {
		if (header == null) {
			return null;
		}
		if (header.isEmpty() || header.length() > 200 || !header.chars().allMatch((c) -> c >= 0x20 && c <= 0x7e)) {
			throw new ApiException(ErrorCode.VALIDATION_FAILED,
					"Idempotency-Key must be 1 to 200 printable ASCII characters");
		}
		return header;
	}

	/**
	 * What a send with a key is: the key, its session and the hash of its parsed body.
	 */
	Claim claim(String userId, String key, UUID sessionId, SendMessageRequest body) {
		return new Claim(userId, key, sessionId, sha256(this.json.writeValueAsString(body)));
	}

	/**
	 * The reply an earlier send with the same key started, or {@code null} for a new key.
	 * @throws ApiException {@code idempotency_conflict} when the key came with another
	 * session or body
	 */
	@Nullable UUID earlier(Claim claim) {
		List<Stored> rows = this.jdbc.query(
				"select session_id, body_sha256, assistant_message_id from idempotency_keys"
						+ " where user_id = ? and idempotency_key = ? and created_at > ?",
				(rs, n) -> new Stored(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class)),
				claim.userId(), claim.key(), Timestamp.from(now().minus(KEPT_FOR)));
		if (rows.isEmpty()) {
			return null;
		}
		Stored stored = rows.get(0);
		if (!stored.sessionId().equals(claim.sessionId()) || !stored.bodySha256().equals(claim.bodySha256())) {
			throw new ApiException(ErrorCode.IDEMPOTENCY_CONFLICT,
					"Idempotency-Key was used with another session or body");
		}
		return stored.assistantMessageId();
	}

	/**
	 * Records the key for a reply, inside the transaction that stores the message.
	 * @throws Taken when a live send with the key was recorded meanwhile
	 */
	void record(Claim claim, UUID assistantMessageId) {
		Timestamp now = Timestamp.from(now());
		int rows = this.jdbc.update(
				"insert into idempotency_keys (user_id, idempotency_key, session_id, body_sha256,"
						+ " assistant_message_id, created_at) values (?, ?, ?, ?, ?, ?)"
						+ " on conflict (user_id, idempotency_key) do update set session_id = excluded.session_id,"
						+ " body_sha256 = excluded.body_sha256, assistant_message_id = excluded.assistant_message_id,"
						+ " created_at = excluded.created_at where idempotency_keys.created_at <= ?",
				claim.userId(), claim.key(), claim.sessionId(), claim.bodySha256(), assistantMessageId, now,
				Timestamp.from(now().minus(KEPT_FOR)));
		if (rows == 0) {
			throw new Taken();
		}
	}

	@Scheduled(initialDelay = 60_000, fixedDelay = 3_600_000)
	void forgetExpired() {
		this.jdbc.update("delete from idempotency_keys where created_at <= ?", Timestamp.from(now().minus(KEPT_FOR)));
	}

	private Instant now() {
		return this.clock.instant();
	}

	private static String sha256(String value) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A send with an {@code Idempotency-Key}.
	 *
	 * @param userId the sender
	 * @param key the header's value
	 * @param sessionId the session sent to
	 * @param bodySha256 hash of the parsed body
	 */
	record Claim(String userId, String key, UUID sessionId, String bodySha256) {
	}

	private record Stored(UUID sessionId, String bodySha256, UUID assistantMessageId) {
	}

	/**
	 * Another send with the same key was stored first; this one attaches to its reply.
	 */
	static final class Taken extends RuntimeException {

		Taken() {
			super("Idempotency-Key taken by a concurrent send");
		}

	}

}
