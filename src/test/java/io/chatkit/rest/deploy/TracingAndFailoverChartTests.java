package io.chatkit.rest.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.chatkit.rest.deploy.ChartRender.castList;
import static io.chatkit.rest.deploy.ChartRender.castMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for the chart's tracing values and the upstream failover settings.
 */
class TracingAndFailoverChartTests {

	@Test
	void tracingIsOffByDefaultAndNoExporterEndpointIsSet() {
		Map<String, Object> config = ChartRender.of().single("ConfigMap", "chatkit-rest-config").map("data");
		assertThat(config).doesNotContainKeys("OTEL_EXPORTER_OTLP_ENDPOINT", "MANAGEMENT_TRACING_SAMPLING_PROBABILITY",
				"OPENROUTER_FALLBACK_MODELS", "OPENROUTER_SECONDARY_BASE_URL", "OPENROUTER_SECONDARY_MODEL");
	}

	@Test
	void enabledTracingExportsToTheEndpointAtTheGivenSamplingProbability() {
		Map<String, Object> config = ChartRender
			.of("tracing.enabled=true", "tracing.otlpEndpoint=http://otel-collector.monitoring.svc:4318",
					"tracing.samplingProbability=0.25")
			.single("ConfigMap", "chatkit-rest-config")
			.map("data");
		assertThat(config).containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector.monitoring.svc:4318")
			.containsEntry("MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "0.25");
	}

	@Test
	void theNetworkPolicyLetsTracesOutOnTheEndpointsPort() {
		assertThat(egressPorts("tracing.enabled=true", "tracing.otlpEndpoint=http://tempo.monitoring.svc:4318"))
			.contains("TCP/4318");
		assertThat(egressPorts("tracing.enabled=true", "tracing.otlpEndpoint=https://otlp.example.com"))
			.contains("TCP/443");
		assertThat(egressPorts()).doesNotContain("TCP/4318");
	}

	@Test
	void fallbackModelsAndTheSecondaryUpstreamReachTheEnvironment(@TempDir Path dir) throws IOException {
		Path values = Files.writeString(dir.resolve("values.yaml"),
				"config:\n  openrouterFallbackModels:\n    - anthropic/claude-3.5-haiku\n    - openai/gpt-4o\n");
		ChartRender render = ChartRender.withValues(values,
				"config.openrouterSecondaryBaseUrl=https://api.openai.com/v1",
				"config.openrouterSecondaryModel=gpt-4o-mini", "secrets.openrouterSecondaryApiKey=sk-secondary");
		Map<String, Object> config = render.single("ConfigMap", "chatkit-rest-config").map("data");
		assertThat(config).containsEntry("OPENROUTER_FALLBACK_MODELS", "anthropic/claude-3.5-haiku,openai/gpt-4o")
			.containsEntry("OPENROUTER_SECONDARY_BASE_URL", "https://api.openai.com/v1")
			.containsEntry("OPENROUTER_SECONDARY_MODEL", "gpt-4o-mini");
		assertThat(render.single("Secret").map("data")).containsOnlyKeys("OPENROUTER_SECONDARY_API_KEY");
		assertThat(config.toString()).doesNotContain("sk-secondary");
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "tracing.enabled=true", "tracing.samplingProbability=1.5", "tracing.samplingProbability=-0.1",
					"tracing.samplingProbability=often", "tracing.otlpEndpoint=otel-collector:4318",
					"tracing.enabled=yes", "tracing.unknown=1", "config.openrouterSecondaryBaseUrl=api.openai.com" })
	void badTracingOrFailoverValuesFailTheRender(String set) {
		assertThatThrownBy(() -> ChartRender.template(null, set))
			.hasMessageContaining("values don't meet the specifications of the schema");
	}

	private static List<String> egressPorts(String... sets) {
		String[] all = new String[sets.length + 1];
		all[0] = "networkPolicy.enabled=true";
		System.arraycopy(sets, 0, all, 1, sets.length);
		return castList(ChartRender.of(all).single("NetworkPolicy").get("spec", "egress")).stream()
			.flatMap((rule) -> castList(castMap(rule).get("ports")).stream())
			.map((port) -> castMap(port).get("protocol") + "/" + castMap(port).get("port"))
			.toList();
	}

}
