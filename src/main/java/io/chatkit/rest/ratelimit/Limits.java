package io.chatkit.rest.ratelimit;

import java.math.BigDecimal;

/**
 * The limits in force.
 *
 * @param requestsPerMinute requests a client IP may make per minute
 * @param dailyUsd the deployment's daily budget in USD; zero stops every new reply
 * @param userDailyUsd each user's daily budget in USD, zero when there is none
 * @param replyReserveUsd the least one upstream round reserves against the budgets
 */
record Limits(int requestsPerMinute, BigDecimal dailyUsd, BigDecimal userDailyUsd, BigDecimal replyReserveUsd) {

	static final BigDecimal DEFAULT_REPLY_RESERVE_USD = new BigDecimal("0.02");

	Limits(int requestsPerMinute, BigDecimal dailyUsd, BigDecimal userDailyUsd) {
		this(requestsPerMinute, dailyUsd, userDailyUsd, DEFAULT_REPLY_RESERVE_USD);
	}

	static Limits of(RateLimitProperties rateLimit, BudgetProperties budget) {
		return new Limits(rateLimit.requestsPerMinute(), budget.dailyUsd(), budget.userDailyUsd(),
				budget.replyReserveUsd());
	}

	boolean sameAs(Limits other) {
		return this.requestsPerMinute == other.requestsPerMinute && this.dailyUsd.compareTo(other.dailyUsd) == 0
				&& this.userDailyUsd.compareTo(other.userDailyUsd) == 0
				&& this.replyReserveUsd.compareTo(other.replyReserveUsd) == 0;
	}

}
