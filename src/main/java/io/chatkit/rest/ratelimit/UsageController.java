package io.chatkit.rest.ratelimit;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import io.chatkit.rest.llm.LlmProperties;
import io.chatkit.rest.llm.OpenRouterClient;
import io.chatkit.rest.web.ApiResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's spend today and whether the service can start one more reply now, from the
 * same counters the budget check uses.
 */
@RestController
class UsageController {

	private final BudgetLedger ledger;

	private final BudgetOutbox outbox;

	private final LiveLimits limits;

	private final OpenRouterClient client;

	private final LlmProperties llm;

	UsageController(BudgetLedger ledger, BudgetOutbox outbox, LiveLimits limits, OpenRouterClient client,
			LlmProperties llm) {
		this.ledger = ledger;
		this.outbox = outbox;
		this.limits = limits;
		this.client = client;
		this.llm = llm;
	}

	@GetMapping("/api/v1/chatkit/usage")
	ApiResponse<Usage> usage(@AuthenticationPrincipal Jwt jwt) {
		String userId = jwt.getSubject();
		Limits now = this.limits.limits();
		LocalDate day = this.ledger.today();
		BudgetLedger.Totals totals = this.ledger.read(userId);
		BigDecimal spent;
		BigDecimal reserved;
		BigDecimal deploymentLoad;
		if (totals != null) {
			spent = BudgetLedger.usd(totals.userSpent());
			reserved = BudgetLedger.usd(totals.userReserved());
			deploymentLoad = BudgetLedger.usd(totals.deploymentSpent() + totals.deploymentReserved());
		}
		else {
			// Redis is unreachable: what was last seen plus what this service kept
			BudgetLedger.Totals seen = this.ledger.lastSeen();
			BudgetOutbox.Load kept = this.outbox.load(userId);
			spent = (kept != null) ? kept.userUsd() : BigDecimal.ZERO;
			reserved = BigDecimal.ZERO;
			deploymentLoad = BudgetLedger.usd(seen.deploymentSpent() + seen.deploymentReserved())
				.add((kept != null) ? kept.deploymentUsd() : BigDecimal.ZERO);
		}
		BigDecimal limit = (now.userDailyUsd().signum() > 0) ? now.userDailyUsd() : null;
		BigDecimal remaining = (limit != null) ? limit.subtract(spent).subtract(reserved).max(BigDecimal.ZERO) : null;
		BigDecimal reservation = BudgetGuard.reservation(now, this.client.worstCaseUsd(this.llm.maxContextTokens()));
		boolean available = now.dailyUsd().signum() > 0
				&& deploymentLoad.add(reservation).compareTo(now.dailyUsd()) <= 0;
		Instant resetsAt = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
		return ApiResponse.of(new Usage(day.toString(), resetsAt,
				new UserUsage(plain(spent), plain(reserved), limit, (remaining != null) ? plain(remaining) : null),
				new ServiceUsage(available)));
	}

	private static BigDecimal plain(BigDecimal usd) {
		BigDecimal stripped = usd.setScale(BudgetLedger.NANOS_SCALE, java.math.RoundingMode.HALF_UP)
			.stripTrailingZeros();
		return (stripped.scale() < 0) ? stripped.setScale(0) : stripped;
	}

	/**
	 * The caller's day.
	 *
	 * @param date the UTC day, {@code YYYY-MM-DD}
	 * @param resetsAt the next UTC midnight
	 * @param user the caller's spend
	 * @param service whether the service can start a reply now
	 */
	record Usage(String date, Instant resetsAt, UserUsage user, ServiceUsage service) {
	}

	/**
	 * The caller's spend today, in USD.
	 *
	 * @param spentUsd what the caller's replies cost
	 * @param reservedUsd what the caller's replies in flight have reserved
	 * @param limitUsd the per-user budget, {@code null} when there is none
	 * @param remainingUsd what is left of it, {@code null} when there is none
	 */
	record UserUsage(BigDecimal spentUsd, BigDecimal reservedUsd, @Nullable BigDecimal limitUsd,
			@Nullable BigDecimal remainingUsd) {
	}

	/**
	 * The deployment as a caller sees it.
	 *
	 * @param available false when the deployment budget cannot cover one more reservation
	 * now or the stop switch is on
	 */
	record ServiceUsage(boolean available) {
	}

}
