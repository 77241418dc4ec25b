package io.chatkit.rest.session;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * The daily cost budgets as a reply sees them: every upstream round reserves its worst
 * case before it starts and settles what it cost after. Implemented by the budget
 * feature, which owns the limits and the shared counters.
 */
public interface ReplyBudget {

	/**
	 * Reserves one round against the deployment's and the user's budget in one step.
	 * @param userId the user the reply is for
	 * @param worstCaseUsd the round's priced worst case, {@code null} when the model has
	 * no price (the configured reservation applies then)
	 * @return the reservation, to settle exactly once
	 * @throws io.chatkit.rest.web.ApiException {@code budget_exceeded} when a budget
	 * cannot cover the reservation
	 */
	BudgetHold reserve(String userId, @Nullable BigDecimal worstCaseUsd);

	/**
	 * Replaces a reservation by what the round cost; a charge of zero releases it.
	 * @param hold the reservation
	 * @param chargeUsd the cost to count as spent
	 */
	void settle(BudgetHold hold, BigDecimal chargeUsd);

	/**
	 * Corrects the spend of a settled round, once its real cost is known.
	 * @param hold the settled reservation
	 * @param deltaUsd what to add to the spend (negative to take back)
	 */
	void adjust(BudgetHold hold, BigDecimal deltaUsd);

}
