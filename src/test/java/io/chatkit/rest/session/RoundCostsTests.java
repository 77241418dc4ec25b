package io.chatkit.rest.session;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.chatkit.rest.llm.LlmMessage;
import io.chatkit.rest.llm.LlmRound;
import io.chatkit.rest.llm.LlmUsage;
import io.chatkit.rest.llm.OfflineOpenRouterClient;
import io.chatkit.rest.llm.UpstreamCall;
import io.chatkit.rest.llm.UpstreamRoute;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RoundCosts}: which reservation each round of a reply runs on and what
 * it is charged when it ends.
 */
class RoundCostsTests {

	private static final LocalDate DAY = LocalDate.of(2026, 3, 1);

	private static final BudgetHold ADMITTED = new BudgetHold("admitted", "user-1", DAY, new BigDecimal("0.02"), false);

	private static final List<LlmMessage> CONTEXT = List.of(LlmMessage.system("Be brief."),
			LlmMessage.user("Was steht auf meiner Liste?"));

	private final OfflineOpenRouterClient upstream = new OfflineOpenRouterClient(new BigDecimal("2.50"),
			new BigDecimal("10.00"), 1000);

	private final RecordingBudget budget = new RecordingBudget();

	private final RoundCosts costs = new RoundCosts(this.budget, this.upstream.client(), "user-1", ADMITTED);

	@AfterEach
	void closeClient() {
		this.upstream.close();
	}

	@Test
	void theFirstRoundRunsOnTheAdmissionsReservation() {
		this.costs.beforeRound(0, CONTEXT);
		assertThat(this.budget.calls).isEmpty();
	}

	@Test
	void aRoundWithAReportedCostIsChargedThatCost() {
		LlmUsage usage = this.costs.completed(round(new LlmUsage(120, 30, new BigDecimal("0.00061"))),
				this.upstream.respondedCall("gen-1"));
		assertThat(usage).isEqualTo(new LlmUsage(120, 30, new BigDecimal("0.00061")));
		assertThat(this.budget.calls).containsExactly("settle admitted 0.00061");
		assertThat(this.costs.unsettled()).isEmpty();
		assertThat(this.costs.chargedReservationsUsd()).isEqualByComparingTo("0");
	}

	@Test
	void aToolRoundReservesItsPricedWorstCase() {
		this.costs.completed(round(new LlmUsage(1, 1, new BigDecimal("0.001"))), this.upstream.respondedCall(null));
		this.costs.beforeRound(1, CONTEXT);
		BigDecimal worstCase = this.upstream.client().worstCaseUsd(ContextWindow.tokens(CONTEXT));
		assertThat(worstCase).isGreaterThan(new BigDecimal("0.01"));
		assertThat(this.budget.calls).containsExactly("settle admitted 0.001", "reserve user-1 " + worstCase);
	}

	@Test
	void aReservationStillHeldIsReleasedBeforeTheNextRoundReserves() {
		this.costs.beforeRound(1, CONTEXT);
		assertThat(this.budget.calls).hasSize(2).first().isEqualTo("settle admitted 0");
		assertThat(this.budget.calls.get(1)).startsWith("reserve user-1 ");
	}

	@Test
	void aRoundWithoutAReportedCostIsChargedItsReservationAndLeftForTheReconciler() {
		LlmUsage usage = this.costs.completed(round(new LlmUsage(120, 30, null)), this.upstream.respondedCall("gen-7"));
		assertThat(usage).isEqualTo(new LlmUsage(120, 30, new BigDecimal("0.02")));
		assertThat(this.budget.calls).containsExactly("settle admitted 0.02");
		assertThat(this.costs.unsettled()).containsExactly(new RoundCosts.Unsettled(ADMITTED, "gen-7", 120, 30));
		assertThat(this.costs.chargedReservationsUsd()).isEqualByComparingTo("0.02");
	}

	@Test
	void chargedReservationsOfSeveralRoundsAddUp() {
		this.costs.completed(round(LlmUsage.UNKNOWN), this.upstream.respondedCall("gen-1"));
		this.costs.beforeRound(1, CONTEXT);
		this.costs.completed(round(LlmUsage.UNKNOWN), this.upstream.respondedCall("gen-2"));
		BigDecimal worstCase = this.upstream.client().worstCaseUsd(ContextWindow.tokens(CONTEXT));
		assertThat(this.costs.unsettled()).extracting(RoundCosts.Unsettled::generationId)
			.containsExactly("gen-1", "gen-2");
		assertThat(this.costs.chargedReservationsUsd()).isEqualByComparingTo(worstCase.add(new BigDecimal("0.02")));
	}

	@Test
	void aRoundThatFailedBeforeAnyResponseCostsNothing() {
		LlmUsage usage = this.costs.failed(this.upstream.client().newCall());
		assertThat(usage).isEqualTo(LlmUsage.UNKNOWN);
		assertThat(this.budget.calls).containsExactly("settle admitted 0");
		assertThat(this.costs.unsettled()).isEmpty();
	}

	@Test
	void aRoundThatFailedAfterItsResponseBeganIsChargedItsReservation() {
		LlmUsage usage = this.costs.failed(this.upstream.respondedCall("gen-3"));
		assertThat(usage).isEqualTo(new LlmUsage(null, null, new BigDecimal("0.02")));
		assertThat(this.budget.calls).containsExactly("settle admitted 0.02");
		assertThat(this.costs.unsettled()).containsExactly(new RoundCosts.Unsettled(ADMITTED, "gen-3", null, null));
	}

	@Test
	void aReservationIsSettledExactlyOnce() {
		this.costs.release();
		this.costs.release();
		assertThat(this.costs.failed(this.upstream.respondedCall("gen-4"))).isEqualTo(LlmUsage.UNKNOWN);
		LlmUsage usage = this.costs.completed(round(new LlmUsage(3, 4, null)), this.upstream.respondedCall("gen-5"));
		assertThat(usage).isEqualTo(new LlmUsage(3, 4, null));
		assertThat(this.budget.calls).containsExactly("settle admitted 0");
	}

	@Test
	void aFirstRoundWhoseReservationWasReleasedReservesAgain() {
		this.costs.release();
		this.costs.beforeRound(0, CONTEXT);
		assertThat(this.budget.calls).hasSize(2).last().asString().startsWith("reserve user-1 ");
	}

	private static LlmRound round(LlmUsage usage) {
		return new LlmRound("text", "stop", List.of(), usage, OfflineOpenRouterClient.MODEL, UpstreamRoute.PRIMARY);
	}

	/**
	 * Budgets that record what a reply asked of them.
	 */
	private static final class RecordingBudget implements ReplyBudget {

		private final List<String> calls = new ArrayList<>();

		private int reservations;

		@Override
		public BudgetHold reserve(String userId, @Nullable BigDecimal worstCaseUsd) {
			this.calls.add("reserve " + userId + " " + worstCaseUsd);
			this.reservations++;
			return new BudgetHold("round-" + this.reservations, userId, DAY,
					(worstCaseUsd != null) ? worstCaseUsd : new BigDecimal("0.02"), false);
		}

		@Override
		public void settle(BudgetHold hold, BigDecimal chargeUsd) {
			this.calls.add("settle " + hold.id() + " " + chargeUsd.toPlainString());
		}

		@Override
		public void adjust(BudgetHold hold, BigDecimal deltaUsd) {
			this.calls.add("adjust " + hold.id() + " " + deltaUsd.toPlainString());
		}

	}

}
