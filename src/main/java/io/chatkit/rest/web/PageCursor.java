package io.chatkit.rest.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * The opaque list cursor of keyset pagination: the position (sort timestamp, id) of the
 * last row of a page, for lists ordered by that timestamp and then id.
 *
 * @param at the last row's sort timestamp (a session's {@code updated_at}, a task's
 * {@code created_at})
 * @param id the last row's id
 */
public record PageCursor(Instant at, UUID id) {

	private static final String PREFIX = "v1.";

	/**
	 * Nothing the service stores is older than the epoch or newer than 9999: outside,
	 * PostgreSQL fails.
	 */
	private static final long MAX_MICROS = ChronoUnit.MICROS.between(Instant.EPOCH,
			Instant.parse("9999-12-31T23:59:59.999999Z"));

	public String encode() {
		long micros = ChronoUnit.MICROS.between(Instant.EPOCH, this.at);
		String raw = PREFIX + micros + "." + this.id;
		return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Reads a cursor this service issued.
	 * @param cursor the client's {@code cursor} parameter
	 * @return the position it names
	 * @throws ApiException {@code validation_failed} for anything else
	 */
	public static PageCursor decode(String cursor) {
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
			return new PageCursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), id);
		}
		catch (RuntimeException ex) {
			throw new ApiException(ErrorCode.VALIDATION_FAILED, "cursor is not one this service issued");
		}
	}

}
