package io.chatkit.rest.session;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.chatkit.rest.llm.LlmProperties;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class ReplyMetricsTests {

	private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	private final ReplyMetrics metrics = new ReplyMetrics(this.registry,
			new LlmProperties("key", "http://localhost", "openai/gpt-4o-mini", null, null, null, 5,
					new LlmProperties.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(60),
							Duration.ofMinutes(5)),
					new LlmProperties.Retry(2, Duration.ofMillis(250), Duration.ofSeconds(5)), Map.of(), 4096, 16000,
					Duration.ofMinutes(2), DataSize.ofKilobytes(384)));

	@Test
	void theConfiguredModelsAndToolsMetersExistAtStartUpUnderTheirPrometheusNames() {
		String scrape = this.registry.scrape();
		assertThat(scrape).contains(
				"chatkit_llm_requests_total{model=\"openai/gpt-4o-mini\",outcome=\"success\",upstream=\"primary\"} 0")
			.contains(
					"chatkit_llm_requests_total{model=\"openai/gpt-4o-mini\",outcome=\"cancelled\",upstream=\"primary\"} 0")
			.contains("chatkit_llm_cost_usd_total{model=\"openai/gpt-4o-mini\"} 0")
			.contains("chatkit_llm_tokens_total{model=\"openai/gpt-4o-mini\",type=\"prompt\"} 0")
			.contains("chatkit_llm_time_to_first_token_seconds_bucket{model=\"openai/gpt-4o-mini\"")
			.contains("chatkit_tool_calls_total{status=\"error\",tool=\"add_task\"} 0");
	}

	@Test
	void aFinishedReplyCountsItsOutcomeTokensAndCost() {
		this.metrics.replyFinished(new ReplyFinished("u", UUID.randomUUID(), UUID.randomUUID(), "openai/gpt-4o-mini",
				MessageStatus.PARTIAL, new BigDecimal("0.25"), 100, 20));
		String scrape = this.registry.scrape();
		assertThat(scrape).contains(
				"chatkit_llm_requests_total{model=\"openai/gpt-4o-mini\",outcome=\"cancelled\",upstream=\"primary\"} 1")
			.contains("chatkit_llm_cost_usd_total{model=\"openai/gpt-4o-mini\"} 0.25")
			.contains("chatkit_llm_tokens_total{model=\"openai/gpt-4o-mini\",type=\"completion\"} 20");
	}

}
