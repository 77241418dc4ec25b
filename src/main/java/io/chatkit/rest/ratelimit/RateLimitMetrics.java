package io.chatkit.rest.ratelimit;

import io.chatkit.rest.web.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * The limiting and budget metrics: rejections by reason, the limits in force, whether the
 * per-replica fallback is in use, and today's spend.
 */
@Component
class RateLimitMetrics {

	private final Counter rateLimited;

	private final Counter budgetExceeded;

	RateLimitMetrics(MeterRegistry registry, LiveLimits limits, RedisLink redis, BudgetLedger ledger) {
		this.rateLimited = rejections(registry, ErrorCode.RATE_LIMITED);
		this.budgetExceeded = rejections(registry, ErrorCode.BUDGET_EXCEEDED);
		Gauge.builder("chatkit.rate.limit.requests.per.minute", limits, (l) -> l.limits().requestsPerMinute())
			.description("Requests a client IP may make per minute, as in force now")
			.register(registry);
		Gauge.builder("chatkit.rate.limit.degraded", redis, (r) -> r.degraded() ? 1 : 0)
			.description("1 while rate limits are per replica because Redis is unreachable or not configured")
			.register(registry);
		Gauge.builder("chatkit.budget.spent.usd", ledger, (l) -> usd(l.lastSeen().deploymentSpent()))
			.description("What the deployment has spent on replies today (UTC), in USD, as Redis counts it")
			.register(registry);
		Gauge.builder("chatkit.budget.reserved.usd", ledger, (l) -> usd(l.lastSeen().deploymentReserved()))
			.description("What replies in flight have reserved against the deployment's budget, in USD")
			.register(registry);
		Gauge.builder("chatkit.budget.limit.usd", limits, (l) -> l.limits().dailyUsd().doubleValue())
			.description("The deployment's daily budget in force, in USD (0 = the stop switch: no new replies)")
			.register(registry);
	}

	private static double usd(long nanos) {
		return nanos / 1e9;
	}

	private static Counter rejections(MeterRegistry registry, ErrorCode reason) {
		return Counter.builder("chatkit.rate.limit.rejections")
			.description("Requests refused by a rate limit or a cost budget")
			.tag("reason", reason.code())
			.register(registry);
	}

	void rateLimited() {
		this.rateLimited.increment();
	}

	void budgetExceeded() {
		this.budgetExceeded.increment();
	}

}
