package io.chatkit.rest.session;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

import io.chatkit.rest.web.ApiException;
import io.chatkit.rest.web.ErrorCode;

/**
 * The opaque list cursor: the position ({@code updated_at}, id) of the last session of a
 * page.
 *
 * @param updatedAt the last session's {@code updated_at}
 * @param id the last session's id
 */
record SessionCursor(Instant updatedAt, UUID id) {

	private static final String PREFIX = "v1.";

	/**
	 * No session is older than the epoch or newer than 9999: outside, PostgreSQL fails.
	 */
	private static final long MAX_MICROS = ChronoUnit.MICROS.between(Instant.EPOCH,
			Instant.parse("9999-12-31T23:59:59.999999Z"));

	String encode() {
		long micros = ChronoUnit.MICROS.between(Instant.EPOCH, this.updatedAt);
		String raw = PREFIX + micros + "." + this.id;
		return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
	}

	static SessionCursor decode(String cursor) {
		try {
			String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
			if (!raw.startsWith(PREFIX)) {
				throw new IllegalArgumentException();
			}
			String[] parts = raw.substring(PREFIX.length()).split("\\.", 2);
			long micros = Long.parseLong(parts[0]);
			UUID id = UUID.fromString(parts[1]);
			if (!id.toString().equals(parts[1]) || micros < 0 || micros > MAX_MICROS) {
				throw new IllegalArgumentException();
			}
			return new SessionCursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), id);
		}
		catch (RuntimeException ex) {
			throw new ApiException(ErrorCode.VALIDATION_FAILED, "cursor is not one this service issued");
		}
	}

}
