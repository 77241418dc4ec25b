package io.chatkit.rest.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.chatkit.rest.deploy.ChartRender.Document;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static io.chatkit.rest.deploy.ChartRender.castMap;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the chart packs the alert rules and dashboards of {@code grafana/}
 * unchanged, from that single source.
 */
class GrafanaPackagingTests {

	private static final Path GRAFANA = Path.of("grafana");

	@Test
	void theChartReachesGrafanaThroughARelativeSymlink() throws IOException {
		Path link = ChartRender.CHART.resolve("files/grafana");
		assertThat(Files.isSymbolicLink(link)).isTrue();
		assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("../../../grafana"));
		assertThat(link.toRealPath()).isEqualTo(GRAFANA.toRealPath());
	}

	@Test
	void thePrometheusRuleGroupsAreExactlyTheGroupsOfTheRulesFile() throws IOException {
		Path rulesFile = GRAFANA.resolve("alerts/chatkit-rest.rules.yml");
		Map<String, Object> rules = castMap(new Yaml().load(Files.readString(rulesFile)));
		Document rule = ChartRender.of("prometheusRule.enabled=true").single("PrometheusRule");
		assertThat(rule.get("apiVersion")).isEqualTo("monitoring.coreos.com/v1");
		assertThat(rule.get("spec", "groups")).isNotNull().isEqualTo(rules.get("groups"));
	}

	@Test
	void theDashboardConfigMapsHoldEveryDashboardFileVerbatim() throws IOException {
		Map<String, String> files = new TreeMap<>();
		try (Stream<Path> dashboards = Files.list(GRAFANA.resolve("dashboards"))) {
			for (Path file : dashboards.filter((path) -> path.toString().endsWith(".json")).toList()) {
				files.put(file.getFileName().toString(), Files.readString(file));
			}
		}
		assertThat(files).isNotEmpty();
		Map<String, Object> packed = new TreeMap<>();
		List<Document> configMaps = ChartRender.of("grafanaDashboards.enabled=true")
			.ofKind("ConfigMap")
			.stream()
			.filter((document) -> "1".equals(document.map("metadata", "labels").get("grafana_dashboard")))
			.toList();
		configMaps.forEach((configMap) -> packed.putAll(configMap.map("data")));
		assertThat(configMaps).hasSize(files.size());
		assertThat(packed).isEqualTo(files);
	}

}
