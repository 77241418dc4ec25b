package io.chatkit.rest.ratelimit;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LimitsFileTests {

	private static final Limits CONFIGURED = new Limits(30, new BigDecimal("10"), BigDecimal.ZERO);

	private static final Limits IN_FORCE = new Limits(20, new BigDecimal("5"), new BigDecimal("1"));

	@Test
	void noFileMeansTheConfiguredLimits() {
		LimitsFile.Result result = LimitsFile.read(null, CONFIGURED, IN_FORCE);
		assertThat(result.limits()).isEqualTo(CONFIGURED);
		assertThat(result.warnings()).isEmpty();
	}

	@Test
	void valuesInTheFileOverrideTheConfiguredOnes() {
		LimitsFile.Result result = LimitsFile.read("""
				# on-call, incident 42
				rate-limit.requests-per-minute=15
				budget.daily-usd = 2.50
				budget.user-daily-usd: 0.25
				""", CONFIGURED, IN_FORCE);
		assertThat(result.limits()).isEqualTo(new Limits(15, new BigDecimal("2.50"), new BigDecimal("0.25")));
		assertThat(result.warnings()).isEmpty();
	}

	@Test
	void keysAbsentFromTheFileFallBackToTheConfiguredValues() {
		LimitsFile.Result result = LimitsFile.read("rate-limit.requests-per-minute=15\n", CONFIGURED, IN_FORCE);
		assertThat(result.limits()).isEqualTo(new Limits(15, new BigDecimal("10"), BigDecimal.ZERO));
	}

	@Test
	void aRateThatIsNotAPositiveWholeNumberKeepsTheRateInForce() {
		for (String bad : new String[] { "fifteen", "0", "-3", "1.5", "99999999999" }) {
			LimitsFile.Result result = LimitsFile.read("rate-limit.requests-per-minute=" + bad, CONFIGURED, IN_FORCE);
			assertThat(result.limits().requestsPerMinute()).as(bad).isEqualTo(20);
			assertThat(result.warnings()).singleElement().asString().startsWith("rate-limit.requests-per-minute");
		}
	}

	@Test
	void aNegativeOrNonNumericBudgetKeepsTheBudgetInForce() {
		LimitsFile.Result result = LimitsFile.read("budget.daily-usd=-1\nbudget.user-daily-usd=lots\n", CONFIGURED,
				IN_FORCE);
		assertThat(result.limits()).isEqualTo(new Limits(30, new BigDecimal("5"), new BigDecimal("1")));
		assertThat(result.warnings()).hasSize(2)
			.anySatisfy((warning) -> assertThat(warning).startsWith("budget.daily-usd"))
			.anySatisfy((warning) -> assertThat(warning).startsWith("budget.user-daily-usd"));
	}

	@Test
	void aBadValueDoesNotSpoilTheGoodOnesBesideIt() {
		LimitsFile.Result result = LimitsFile.read("rate-limit.requests-per-minute=abc\nbudget.daily-usd=3\n",
				CONFIGURED, IN_FORCE);
		assertThat(result.limits()).isEqualTo(new Limits(20, new BigDecimal("3"), BigDecimal.ZERO));
	}

	@Test
	void zeroSwitchesABudgetOff() {
		LimitsFile.Result result = LimitsFile.read("budget.daily-usd=0", CONFIGURED, IN_FORCE);
		assertThat(result.limits().dailyUsd()).isEqualByComparingTo(BigDecimal.ZERO);
		assertThat(result.warnings()).isEmpty();
	}

}
