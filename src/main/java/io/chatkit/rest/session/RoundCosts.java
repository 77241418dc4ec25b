package io.chatkit.rest.session;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import io.chatkit.rest.llm.LlmMessage;
import io.chatkit.rest.llm.LlmRound;
import io.chatkit.rest.llm.LlmUsage;
import io.chatkit.rest.llm.OpenRouterClient;
import io.chatkit.rest.llm.UpstreamCall;
import org.jspecify.annotations.Nullable;

/**
 * The budget side of one reply's rounds: each round runs on a reservation (the first one
 * made at admission, before the stream started) that is settled when the round ends. A
 * round with a reported cost is charged that cost; one that failed before any response
 * costs nothing; one whose response began but that reported no cost is charged its
 * reservation and left for the {@link CostReconciler}.
 */
final class RoundCosts {

	private final ReplyBudget budget;

	private final OpenRouterClient client;

	private final String userId;

	private final List<Unsettled> unsettled = new ArrayList<>();

	private @Nullable BudgetHold current;

	RoundCosts(ReplyBudget budget, OpenRouterClient client, String userId, BudgetHold first) {
		this.budget = budget;
		this.client = client;
		this.userId = userId;
		this.current = first;
	}

	/**
	 * Reserves a tool round's worst case; the first round runs on the admission's
	 * reservation.
	 * @throws io.chatkit.rest.web.ApiException {@code budget_exceeded} when it does not
	 * fit
	 */
	void beforeRound(int round, List<LlmMessage> messages) {
		if (round == 0 && this.current != null) {
			return;
		}
		release();
		this.current = this.budget.reserve(this.userId, this.client.worstCaseUsd(ContextWindow.tokens(messages)));
	}

	/**
	 * Settles a round whose stream ended.
	 * @return the round's usage as counted (its reservation as the cost when the upstream
	 * reported none)
	 */
	LlmUsage completed(LlmRound round, UpstreamCall call) {
		LlmUsage usage = round.usage();
		BudgetHold hold = this.current;
		if (hold == null) {
			return usage;
		}
		if (usage.costUsd() == null) {
			return chargeReservation(call, usage);
		}
		this.current = null;
		this.budget.settle(hold, usage.costUsd());
		return usage;
	}

	/**
	 * Settles a round that failed or was cancelled.
	 * @return what the round counts for
	 */
	LlmUsage failed(UpstreamCall call) {
		if (this.current == null) {
			return LlmUsage.UNKNOWN;
		}
		if (!call.responseBegan()) {
			release();
			return LlmUsage.UNKNOWN;
		}
		return chargeReservation(call, LlmUsage.UNKNOWN);
	}

	/**
	 * Releases a reservation whose round never ran.
	 */
	void release() {
		BudgetHold hold = this.current;
		if (hold != null) {
			this.current = null;
			this.budget.settle(hold, BigDecimal.ZERO);
		}
	}

	/**
	 * The rounds charged their reservation, in order.
	 * @return what the reconciler should look up
	 */
	List<Unsettled> unsettled() {
		return List.copyOf(this.unsettled);
	}

	/**
	 * What the charged reservations add to the reply's cost.
	 * @return USD
	 */
	BigDecimal chargedReservationsUsd() {
		return this.unsettled.stream()
			.map((round) -> round.hold().amountUsd())
			.reduce(BigDecimal.ZERO, BigDecimal::add);
	}

	private LlmUsage chargeReservation(UpstreamCall call, LlmUsage usage) {
		BudgetHold hold = this.current;
		this.current = null;
		this.budget.settle(hold, hold.amountUsd());
		this.unsettled.add(new Unsettled(hold, call.generationId(), usage.promptTokens(), usage.completionTokens()));
		return new LlmUsage(usage.promptTokens(), usage.completionTokens(), hold.amountUsd());
	}

	/**
	 * A round charged its reservation because no cost was reported.
	 *
	 * @param hold the charged reservation
	 * @param generationId the key of its generation record, {@code null} when none was
	 * seen
	 * @param promptTokens prompt tokens already counted for it
	 * @param completionTokens completion tokens already counted for it
	 */
	record Unsettled(BudgetHold hold, @Nullable String generationId, @Nullable Integer promptTokens,
			@Nullable Integer completionTokens) {
	}

}
