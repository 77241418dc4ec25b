package io.chatkit.rest.ratelimit;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import io.chatkit.rest.session.BudgetHold;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Where the budgets keep what Redis could not take: settlements (charges, releases and
 * corrections) and the reservations of replies admitted while Redis was unreachable. The
 * rows live in PostgreSQL, so an instance restarted during a Redis outage still counts
 * them; once Redis answers, any instance with the same key prefix replays them, each
 * settlement at most once (a marker in Redis under the row's id) and each reservation
 * until it expires or its reply settles it.
 */
@Component
class BudgetOutbox {

	private static final Logger logger = LoggerFactory.getLogger(BudgetOutbox.class);

	private static final int BATCH = 500;

	private final JdbcTemplate jdbc;

	private final BudgetLedger ledger;

	private final RedisLink redis;

	private final String prefix;

	private final Clock clock;

	BudgetOutbox(JdbcTemplate jdbc, BudgetLedger ledger, RedisLink redis, RateLimitProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.ledger = ledger;
		this.redis = redis;
		this.prefix = properties.keyPrefix();
		this.clock = clock;
	}

	/**
	 * Keeps a reservation made while Redis was unreachable.
	 * @return whether PostgreSQL took it
	 */
	boolean reservation(BudgetHold hold, Instant expiresAt) {
		return write(
				"insert into budget_outbox (id, key_prefix, kind, day, user_id, hold_id, reserved_usd, "
						+ "expires_at) values (?, ?, 'reservation', ?, ?, ?, ?, ?)",
				hold.id(), this.prefix, hold.day(), hold.userId(), hold.id(), hold.amountUsd(),
				Timestamp.from(expiresAt));
	}

	/**
	 * Forgets a kept reservation, once its reply settled it.
	 */
	void dropReservation(String holdId) {
		write("delete from budget_outbox where id = ? and kind = 'reservation'", holdId);
	}

	/**
	 * Keeps a settlement Redis could not take.
	 * @param hold the reservation it settles, {@code null} for a correction alone
	 * @return whether PostgreSQL took it
	 */
	boolean settlement(String userId, LocalDate day, @Nullable BudgetHold hold, BigDecimal chargeUsd) {
		boolean kept = write(
				"insert into budget_outbox (id, key_prefix, kind, day, user_id, hold_id, reserved_usd, amount_usd) "
						+ "values (?, ?, 'settlement', ?, ?, ?, ?, ?)",
				UUID.randomUUID().toString(), this.prefix, day, userId, (hold != null) ? hold.id() : null,
				(hold != null) ? hold.amountUsd() : BigDecimal.ZERO, chargeUsd);
		if (!kept) {
			logger.error("Neither Redis nor PostgreSQL took a budget settlement of {} USD: today's spend misses it",
					chargeUsd.toPlainString());
		}
		return kept;
	}

	/**
	 * What the kept rows add to the deployment's and one user's load: every settlement
	 * and the reservations that have not expired.
	 * @return USD for the deployment and for the user, or {@code null} when PostgreSQL
	 * does not answer either
	 */
	@Nullable Load load(String userId) {
		Timestamp now = Timestamp.from(this.clock.instant());
		try {
			return this.jdbc.queryForObject("select coalesce(sum(amount_usd + case when kind = 'reservation' "
					+ "then reserved_usd else 0 end), 0), coalesce(sum(case when user_id = ? then amount_usd + case "
					+ "when kind = 'reservation' then reserved_usd else 0 end else 0 end), 0) from budget_outbox "
					+ "where key_prefix = ? and (kind = 'settlement' or expires_at > ?)",
					(rs, row) -> new Load(rs.getBigDecimal(1), rs.getBigDecimal(2)), userId, this.prefix, now);
		}
		catch (DataAccessException ex) {
			return null;
		}
	}

	/**
	 * Replays the kept rows into Redis while it answers.
	 */
	@Scheduled(initialDelay = 2000, fixedDelay = 2000)
	void flush() {
		if (this.redis.degraded()) {
			return;
		}
		List<Row> rows;
		try {
			rows = this.jdbc.query(
					"select id, kind, day, user_id, hold_id, reserved_usd, amount_usd, expires_at from budget_outbox "
							+ "where key_prefix = ? order by created_at limit " + BATCH,
					(rs, row) -> new Row(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class),
							rs.getString(4), rs.getString(5), rs.getBigDecimal(6), rs.getBigDecimal(7),
							(rs.getTimestamp(8) != null) ? rs.getTimestamp(8).toInstant() : null),
					this.prefix);
		}
		catch (DataAccessException ex) {
			return;
		}
		Instant now = this.clock.instant();
		int replayed = 0;
		for (Row row : rows) {
			if (!replay(row, now)) {
				return;
			}
			replayed++;
		}
		if (replayed > 0) {
			logger.info("Replayed {} budget entries kept while Redis was unreachable", replayed);
		}
	}

	private boolean replay(Row row, Instant now) {
		BudgetLedger.Reservation reservation = (row.holdId() != null)
				? new BudgetLedger.Reservation(row.holdId(), row.userId(), BudgetLedger.nanos(row.reservedUsd()),
						(row.expiresAt() != null) ? row.expiresAt().toEpochMilli() : 0)
				: null;
		if (row.kind().equals("reservation")) {
			if (row.expiresAt() == null || !row.expiresAt().isAfter(now)) {
				write("delete from budget_outbox where id = ?", row.id());
				return true;
			}
			// kept until its reply settles it or it expires, so a restarted instance
			// still counts it while Redis may fail again
			return this.ledger.restore(reservation);
		}
		if (!this.ledger.settle(row.userId(), row.day(), reservation, row.amountUsd(), row.id())) {
			return false;
		}
		write("delete from budget_outbox where id = ?", row.id());
		return true;
	}

	private boolean write(String sql, Object... args) {
		try {
			this.jdbc.update(sql, args);
			return true;
		}
		catch (DataAccessException ex) {
			logger.warn("Could not keep budget work in PostgreSQL ({})", ex.getClass().getSimpleName());
			return false;
		}
	}

	/**
	 * What kept rows add, in USD.
	 */
	record Load(BigDecimal deploymentUsd, BigDecimal userUsd) {
	}

	private record Row(String id, String kind, LocalDate day, String userId, @Nullable String holdId,
			BigDecimal reservedUsd, BigDecimal amountUsd, @Nullable Instant expiresAt) {
	}

}
