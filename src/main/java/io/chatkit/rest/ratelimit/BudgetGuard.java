package io.chatkit.rest.ratelimit;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import io.chatkit.rest.session.ReplyAdmission;
import io.chatkit.rest.session.ReplyFinished;
import io.chatkit.rest.web.ApiException;
import io.chatkit.rest.web.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Refuses new replies once today's (UTC) deployment or per-user budget is spent, and
 * counts what finished replies cost. While Redis is not answering, replies are admitted:
 * a Redis outage must not stop the service.
 */
@Component
class BudgetGuard implements ReplyAdmission {

	private static final Logger logger = LoggerFactory.getLogger(BudgetGuard.class);

	private final DailySpend spend;

	private final LiveLimits limits;

	private final RateLimitMetrics metrics;

	private final Clock clock;

	BudgetGuard(DailySpend spend, LiveLimits limits, RateLimitMetrics metrics) {
		this.spend = spend;
		this.limits = limits;
		this.metrics = metrics;
		this.clock = Clock.systemUTC();
	}

	@Override
	public void admit(String userId) {
		Limits now = this.limits.limits();
		if (now.dailyUsd().signum() == 0) {
			// a deployment budget of 0 is on-call's stop switch: nothing may be spent
			refuse("The daily cost budget of this service is 0: no replies until it is raised");
		}
		boolean deploymentBudget = now.dailyUsd().signum() > 0;
		boolean userBudget = now.userDailyUsd().signum() > 0;
		if (!deploymentBudget && !userBudget) {
			return;
		}
		DailySpend.Spend today = this.spend.read(userId);
		if (today == null) {
			return;
		}
		if (deploymentBudget && today.deploymentUsd().compareTo(now.dailyUsd()) >= 0) {
			refuse("The daily cost budget of this service is spent; try again after midnight UTC");
		}
		if (userBudget && today.userUsd().compareTo(now.userDailyUsd()) >= 0) {
			refuse("Your daily cost budget is spent; try again after midnight UTC");
		}
	}

	private void refuse(String message) {
		this.metrics.budgetExceeded();
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(secondsToMidnight()));
		throw new ApiException(ErrorCode.BUDGET_EXCEEDED, message, headers);
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

	@EventListener
	void onReplyFinished(ReplyFinished reply) {
		BigDecimal cost = reply.costUsd();
		if (cost == null || cost.signum() <= 0) {
			return;
		}
		if (!this.spend.add(reply.userId(), cost)) {
			logger.warn("Redis is not answering: the cost of reply {} ({} USD) is counted once it answers again",
					reply.assistantMessageId(), cost.toPlainString());
		}
	}

}
