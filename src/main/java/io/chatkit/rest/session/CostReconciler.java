package io.chatkit.rest.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.chatkit.rest.llm.GenerationRecords;
import io.chatkit.rest.llm.GenerationRecords.GenerationRecord;
import io.chatkit.rest.llm.LlmProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.task.TaskRejectedException;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * Replaces the reservation charged for a round that reported no cost by what the upstream
 * billed, from its generation record. The record appears a few seconds after the
 * generation ends (404 until then), so lookups back off from one second up to
 * {@code chatkit.llm.reconcile-for}; when it never comes the reservation stays charged,
 * which errs on the side of the bill. Lookups run on Boot's task scheduler; one lost to a
 * restart leaves the reservation charged, the same safe ending.
 */
@Component
class CostReconciler {

	private static final Logger logger = LoggerFactory.getLogger(CostReconciler.class);

	private static final Duration FIRST_LOOKUP = Duration.ofSeconds(1);

	private static final Duration LONGEST_PAUSE = Duration.ofSeconds(15);

	private final GenerationRecords records;

	private final ReplyBudget budget;

	private final ConversationStore store;

	private final ReplyMetrics metrics;

	private final TaskScheduler scheduler;

	private final Duration reconcileFor;

	private final Clock clock;

	private final Counter reconciled;

	private final Counter unavailable;

	CostReconciler(GenerationRecords records, ReplyBudget budget, ConversationStore store, ReplyMetrics metrics,
			TaskScheduler scheduler, LlmProperties llm, MeterRegistry registry, Clock clock) {
		this.clock = clock;
		this.records = records;
		this.budget = budget;
		this.store = store;
		this.metrics = metrics;
		this.scheduler = scheduler;
		this.reconcileFor = llm.reconcileFor();
		this.reconciled = outcomes(registry, "reconciled");
		this.unavailable = outcomes(registry, "unavailable");
	}

	private static Counter outcomes(MeterRegistry registry, String outcome) {
		return Counter.builder("chatkit.llm.cost.reconciliations")
			.description("Rounds charged their reservation for want of a reported cost, by how their cost ended: "
					+ "reconciled from the generation record, or left charged because it never came")
			.tag("outcome", outcome)
			.register(registry);
	}

	/**
	 * Starts looking up the rounds of a stored reply.
	 * @param assistantMessageId the stored reply
	 * @param model the model asked, for the cost meter
	 * @param rounds the rounds charged their reservation
	 */
	void reconcile(UUID assistantMessageId, String model, List<RoundCosts.Unsettled> rounds) {
		Instant deadline = this.clock.instant().plus(this.reconcileFor);
		for (RoundCosts.Unsettled round : rounds) {
			if (round.generationId() == null) {
				leaveCharged(model, round);
				continue;
			}
			schedule(new Lookup(assistantMessageId, model, round, deadline), FIRST_LOOKUP);
		}
	}

	private void schedule(Lookup lookup, Duration pause) {
		try {
			// the scheduler counts delays on its own clock
			this.scheduler.schedule(() -> attempt(lookup, pause), this.scheduler.getClock().instant().plus(pause));
		}
		catch (TaskRejectedException ex) {
			// shutting down: the reservation stays charged, as when no record comes
			logger.info("Reply {} is not reconciled: the service is stopping; its reservation stays charged",
					lookup.assistantMessageId());
		}
	}

	private void attempt(Lookup lookup, Duration pause) {
		RoundCosts.Unsettled round = lookup.round();
		GenerationRecord record = this.records.find(round.generationId());
		if (record == null) {
			Duration next = (pause.compareTo(LONGEST_PAUSE) < 0) ? pause.multipliedBy(2) : pause;
			if (this.clock.instant().plus(next).isAfter(lookup.deadline())) {
				logger.info("No generation record for reply {} within {}: its reservation stays charged",
						lookup.assistantMessageId(), this.reconcileFor);
				leaveCharged(lookup.model(), round);
				return;
			}
			schedule(lookup, next);
			return;
		}
		BudgetHold hold = round.hold();
		this.budget.adjust(hold, record.totalCostUsd().subtract(hold.amountUsd()));
		this.metrics.countCost(lookup.model(), record.totalCostUsd());
		this.reconciled.increment();
		try {
			this.store.reconcile(lookup.assistantMessageId(), hold.amountUsd(), record.totalCostUsd(),
					difference(record.promptTokens(), round.promptTokens()),
					difference(record.completionTokens(), round.completionTokens()));
		}
		catch (DataAccessException | TransactionException ex) {
			// the budget is right; only the stored message keeps its reservation as cost
			logger.warn("Reply {} was reconciled but its stored cost could not be updated ({})",
					lookup.assistantMessageId(), ex.getClass().getSimpleName());
		}
	}

	private void leaveCharged(String model, RoundCosts.Unsettled round) {
		this.metrics.countCost(model, round.hold().amountUsd());
		this.unavailable.increment();
	}

	private static int difference(Integer billed, Integer counted) {
		return ((billed != null) ? billed : 0) - ((counted != null) ? counted : 0);
	}

	private record Lookup(UUID assistantMessageId, String model, RoundCosts.Unsettled round, Instant deadline) {
	}

}
