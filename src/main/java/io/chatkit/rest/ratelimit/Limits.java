package io.chatkit.rest.ratelimit;

import java.math.BigDecimal;

/**
 * The limits in force.
 *
 * @param requestsPerMinute requests a client IP may make per minute
 * @param dailyUsd the deployment's daily budget in USD, zero when off
 * @param userDailyUsd each user's daily budget in USD, zero when off
 */
record Limits(int requestsPerMinute, BigDecimal dailyUsd, BigDecimal userDailyUsd) {

	static Limits of(RateLimitProperties rateLimit, BudgetProperties budget) {
		return new Limits(rateLimit.requestsPerMinute(), budget.dailyUsd(), budget.userDailyUsd());
	}

	boolean sameAs(Limits other) {
		return this.requestsPerMinute == other.requestsPerMinute && this.dailyUsd.compareTo(other.dailyUsd) == 0
				&& this.userDailyUsd.compareTo(other.userDailyUsd) == 0;
	}

}
