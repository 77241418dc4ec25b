package io.chatkit.rest.ratelimit;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import io.chatkit.rest.llm.LlmProperties;
import io.chatkit.rest.session.BudgetHold;
import io.chatkit.rest.session.ReplyBudget;
import io.chatkit.rest.web.ApiException;
import io.chatkit.rest.web.ErrorCode;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Makes the daily budgets a ceiling: a round starts only on a reservation of its worst
 * case that both budgets cover ({@code spent + reserved + reservation <= limit}), and its
 * reservation is replaced by what it cost when it ends. While Redis is unreachable, the
 * check uses the totals last seen in Redis plus what this instance kept in the outbox,
 * and everything is kept in the outbox until Redis takes it.
 */
@Component
class BudgetGuard implements ReplyBudget {

	private static final Duration RESERVATION_MARGIN = Duration.ofMinutes(1);

	private final BudgetLedger ledger;

	private final BudgetOutbox outbox;

	private final LiveLimits limits;

	private final RateLimitMetrics metrics;

	private final Duration reservationTtl;

	private final Clock clock;

	BudgetGuard(BudgetLedger ledger, BudgetOutbox outbox, LiveLimits limits, RateLimitMetrics metrics,
			LlmProperties llm, Clock clock) {
		this.ledger = ledger;
		this.outbox = outbox;
		this.limits = limits;
		this.metrics = metrics;
		// a reservation outlives the longest reply by a minute, so only a dead
		// instance's reservations ever expire unsettled
		this.reservationTtl = llm.timeouts().reply().plus(RESERVATION_MARGIN);
		this.clock = clock;
	}

	@Override
	public BudgetHold reserve(String userId, @Nullable BigDecimal worstCaseUsd) {
		Limits now = this.limits.limits();
		if (now.dailyUsd().signum() == 0) {
			// on-call's stop switch: not a matter of time, so no Retry-After
			this.metrics.budgetExceeded();
			throw new ApiException(ErrorCode.BUDGET_EXCEEDED,
					"The service is paused: its daily cost budget is set to 0, so no new replies start until "
							+ "it is raised");
		}
		BigDecimal amount = reservation(now, worstCaseUsd);
		Instant expiresAt = this.clock.instant().plus(this.reservationTtl);
		BudgetHold hold = new BudgetHold(UUID.randomUUID().toString(), userId, this.ledger.today(), amount, false);
		BudgetLedger.Reserved reserved = this.ledger.reserve(reservation(hold, expiresAt),
				BudgetLedger.nanos(now.dailyUsd()), userLimit(now));
		if (reserved == null) {
			return reserveLocally(now, hold, expiresAt);
		}
		return switch (reserved.verdict()) {
			case RESERVED -> hold;
			case DEPLOYMENT_EXCEEDED ->
				throw refusal("The daily cost budget of this service is spent; try again after midnight UTC");
			case USER_EXCEEDED -> throw refusal("Your daily cost budget is spent; try again after midnight UTC");
		};
	}

	private BudgetHold reserveLocally(Limits now, BudgetHold shared, Instant expiresAt) {
		BudgetHold hold = new BudgetHold(shared.id(), shared.userId(), shared.day(), shared.amountUsd(), true);
		BudgetLedger.Totals seen = this.ledger.lastSeen();
		BudgetOutbox.Load kept = this.outbox.load(hold.userId());
		BigDecimal keptDeployment = (kept != null) ? kept.deploymentUsd() : BigDecimal.ZERO;
		BigDecimal keptUser = (kept != null) ? kept.userUsd() : BigDecimal.ZERO;
		BigDecimal deploymentLoad = BudgetLedger.usd(seen.deploymentSpent() + seen.deploymentReserved())
			.add(keptDeployment)
			.add(hold.amountUsd());
		if (deploymentLoad.compareTo(now.dailyUsd()) > 0) {
			throw refusal("The daily cost budget of this service is spent; try again after midnight UTC");
		}
		BigDecimal userLoad = BudgetLedger.usd(this.ledger.lastSeenUser(hold.userId()))
			.add(keptUser)
			.add(hold.amountUsd());
		if (now.userDailyUsd().signum() > 0 && userLoad.compareTo(now.userDailyUsd()) > 0) {
			throw refusal("Your daily cost budget is spent; try again after midnight UTC");
		}
		this.outbox.reservation(hold, expiresAt);
		return hold;
	}

	@Override
	public void settle(BudgetHold hold, BigDecimal chargeUsd) {
		if (hold.local()) {
			this.outbox.dropReservation(hold.id());
		}
		BudgetLedger.Reservation reservation = reservation(hold, Instant.EPOCH);
		if (!this.ledger.settle(hold.userId(), hold.day(), reservation, chargeUsd, null)) {
			this.outbox.settlement(hold.userId(), hold.day(), hold, chargeUsd);
		}
	}

	@Override
	public void adjust(BudgetHold hold, BigDecimal deltaUsd) {
		if (deltaUsd.signum() == 0) {
			return;
		}
		if (!this.ledger.settle(hold.userId(), hold.day(), null, deltaUsd, null)) {
			this.outbox.settlement(hold.userId(), hold.day(), null, deltaUsd);
		}
	}

	/**
	 * What one round reserves now: the configured reservation or the priced worst case,
	 * whichever is larger.
	 */
	static BigDecimal reservation(Limits limits, @Nullable BigDecimal worstCaseUsd) {
		return (worstCaseUsd != null && worstCaseUsd.compareTo(limits.replyReserveUsd()) > 0) ? worstCaseUsd
				: limits.replyReserveUsd();
	}

	private static BudgetLedger.Reservation reservation(BudgetHold hold, Instant expiresAt) {
		return new BudgetLedger.Reservation(hold.id(), hold.userId(), BudgetLedger.nanos(hold.amountUsd()),
				expiresAt.toEpochMilli());
	}

	private static long userLimit(Limits limits) {
		return (limits.userDailyUsd().signum() > 0) ? BudgetLedger.nanos(limits.userDailyUsd()) : -1;
	}

	private ApiException refusal(String message) {
		this.metrics.budgetExceeded();
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(secondsToMidnight()));
		return new ApiException(ErrorCode.BUDGET_EXCEEDED, message, headers);
	}

	private long secondsToMidnight() {
		Instant now = this.clock.instant();
		Instant midnight = LocalDate.ofInstant(now, ZoneOffset.UTC)
			.plusDays(1)
			.atStartOfDay(ZoneOffset.UTC)
			.toInstant();
		long millis = Duration.between(now, midnight).toMillis();
		return Math.max(1, (millis + 999) / 1000);
	}

}
