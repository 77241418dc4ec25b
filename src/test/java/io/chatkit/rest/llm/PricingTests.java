package io.chatkit.rest.llm;

import java.math.BigDecimal;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Pricing}: usage chunks turned into tokens and US dollars.
 */
class PricingTests {

	private static final String MODEL = "openai/gpt-4o";

	private final JsonMapper json = JsonMapper.builder().build();

	private final Pricing pricing = new Pricing(
			Map.of(MODEL, new LlmProperties.Price(new BigDecimal("2.50"), new BigDecimal("10.00"))));

	@Test
	void theUpstreamsReportedCostWinsOverTheConfiguredPrice() {
		LlmUsage usage = usage("{\"prompt_tokens\":1234,\"completion_tokens\":567,\"cost\":0.00123}");
		assertThat(usage.promptTokens()).isEqualTo(1234);
		assertThat(usage.completionTokens()).isEqualTo(567);
		assertThat(usage.costUsd()).isEqualByComparingTo("0.00123");
	}

	@Test
	void withoutAReportedCostTheTokensArePricedPerMillion() {
		LlmUsage usage = usage("{\"prompt_tokens\":1234,\"completion_tokens\":567}");
		assertThat(usage.costUsd()).isEqualByComparingTo("0.008755");
	}

	@Test
	void aReportedCostOfZeroIsKeptAsFree() {
		assertThat(usage("{\"prompt_tokens\":10,\"completion_tokens\":2,\"cost\":0}").costUsd())
			.isEqualByComparingTo("0");
	}

	@Test
	void aCostThatIsNotANumberFallsBackToThePrice() {
		assertThat(usage("{\"prompt_tokens\":1000000,\"completion_tokens\":0,\"cost\":\"free\"}").costUsd())
			.isEqualByComparingTo("2.50");
	}

	@Test
	void oneMissingTokenCountIsPricedAsZero() {
		LlmUsage usage = usage("{\"completion_tokens\":100000}");
		assertThat(usage.promptTokens()).isNull();
		assertThat(usage.completionTokens()).isEqualTo(100000);
		assertThat(usage.costUsd()).isEqualByComparingTo("1.00");
	}

	@Test
	void withoutTokenCountsOrPriceTheCostIsUnknown() {
		assertThat(usage("{}")).isEqualTo(LlmUsage.UNKNOWN);
		LlmUsage unpriced = this.pricing.usage("some/unpriced-model",
				this.json.readTree("{\"prompt_tokens\":5,\"completion_tokens\":5}"));
		assertThat(unpriced).isEqualTo(new LlmUsage(5, 5, null));
	}

	@Test
	void aMissingOrMalformedUsageChunkIsUnknown() {
		assertThat(this.pricing.usage(MODEL, null)).isEqualTo(LlmUsage.UNKNOWN);
		assertThat(this.pricing.usage(MODEL, this.json.readTree("[1,2]"))).isEqualTo(LlmUsage.UNKNOWN);
		assertThat(usage("{\"prompt_tokens\":\"12\",\"completion_tokens\":null}").promptTokens()).isNull();
	}

	@Test
	void theEstimateIsExactForPricesThatDivideEvenly() {
		assertThat(this.pricing.estimate(MODEL, 1, 0)).isEqualByComparingTo("0.0000025");
		assertThat(this.pricing.estimate(MODEL, 16000, 4096)).isEqualByComparingTo("0.08096");
	}

	@Test
	void theEstimateRoundsToSixteenSignificantDigits() {
		Pricing third = new Pricing(
				Map.of(MODEL, new LlmProperties.Price(new BigDecimal("0.3333333333333333333333"), BigDecimal.ZERO)));
		BigDecimal estimate = third.estimate(MODEL, 1, 1);
		assertThat(estimate.precision()).isEqualTo(16);
		assertThat(estimate).isEqualByComparingTo("3.333333333333333E-7");
	}

	@Test
	void aModelWithoutAPriceHasNoEstimate() {
		assertThat(this.pricing.estimate("some/unpriced-model", 100, 100)).isNull();
	}

	@Test
	void usageOfSeveralCallsAddsUpAndUnknownPartsStayUnknownOnlyWhenBothAre() {
		LlmUsage first = new LlmUsage(10, null, new BigDecimal("0.001"));
		LlmUsage second = new LlmUsage(5, null, null);
		assertThat(first.plus(second)).isEqualTo(new LlmUsage(15, null, new BigDecimal("0.001")));
		assertThat(LlmUsage.UNKNOWN.plus(new LlmUsage(null, 7, new BigDecimal("0.002"))))
			.isEqualTo(new LlmUsage(null, 7, new BigDecimal("0.002")));
		assertThat(first.plus(first).costUsd()).isEqualByComparingTo("0.002");
	}

	private LlmUsage usage(String chunk) {
		return this.pricing.usage(MODEL, this.json.readTree(chunk));
	}

}
