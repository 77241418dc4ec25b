package io.chatkit.rest.ratelimit;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the budget arithmetic of {@link BudgetGuard} and {@link BudgetLedger}: what a
 * round reserves, and US dollars as the whole nano-dollars the shared counters hold.
 */
class BudgetArithmeticTests {

	private static final Limits LIMITS = new Limits(60, new BigDecimal("10"), new BigDecimal("1"),
			new BigDecimal("0.02"));

	@Test
	void aRoundReservesTheConfiguredAmountWhenTheModelHasNoPrice() {
		assertThat(BudgetGuard.reservation(LIMITS, null)).isEqualByComparingTo("0.02");
	}

	@Test
	void aRoundReservesItsPricedWorstCaseWhenThatIsLarger() {
		assertThat(BudgetGuard.reservation(LIMITS, new BigDecimal("0.0523"))).isEqualByComparingTo("0.0523");
	}

	@Test
	void aCheaperWorstCaseStillReservesTheConfiguredAmount() {
		assertThat(BudgetGuard.reservation(LIMITS, new BigDecimal("0.0001"))).isEqualByComparingTo("0.02");
		assertThat(BudgetGuard.reservation(LIMITS, new BigDecimal("0.020"))).isEqualByComparingTo("0.02");
	}

	@Test
	void theDefaultReservationIsTwoCents() {
		Limits defaults = new Limits(60, BigDecimal.TEN, BigDecimal.ZERO);
		assertThat(BudgetGuard.reservation(defaults, null)).isEqualByComparingTo(Limits.DEFAULT_REPLY_RESERVE_USD)
			.isEqualByComparingTo("0.02");
	}

	@Test
	void dollarsBecomeWholeNanoDollars() {
		assertThat(BudgetLedger.nanos(new BigDecimal("1"))).isEqualTo(1_000_000_000L);
		assertThat(BudgetLedger.nanos(new BigDecimal("0.000000001"))).isEqualTo(1L);
		assertThat(BudgetLedger.nanos(BigDecimal.ZERO)).isZero();
	}

	@Test
	void fractionsOfANanoDollarRoundUpSoNoCostIsUndercounted() {
		assertThat(BudgetLedger.nanos(new BigDecimal("0.0000000001"))).isEqualTo(1L);
		assertThat(BudgetLedger.nanos(new BigDecimal("0.0000123451"))).isEqualTo(12_346L);
	}

	@Test
	void negativeCorrectionsRoundTowardsZero() {
		assertThat(BudgetLedger.nanos(new BigDecimal("-0.0000000015"))).isEqualTo(-1L);
	}

	@Test
	void nanoDollarsReadBackAsPlainDollars() {
		assertThat(BudgetLedger.usd(1_000_000_000L)).isEqualTo(new BigDecimal("1"));
		assertThat(BudgetLedger.usd(12_346L)).isEqualTo(new BigDecimal("0.000012346"));
		assertThat(BudgetLedger.usd(20_000_000L)).isEqualTo(new BigDecimal("0.02"));
		assertThat(BudgetLedger.usd(0L)).isEqualTo(new BigDecimal("0"));
		assertThat(BudgetLedger.usd(5_000_000_000L).toPlainString()).isEqualTo("5");
	}

	@Test
	void anAmountBeyondTheCountersRangeIsRefusedRatherThanWrapped() {
		assertThatExceptionOfType(ArithmeticException.class)
			.isThrownBy(() -> BudgetLedger.nanos(new BigDecimal("10000000000000")));
	}

}
