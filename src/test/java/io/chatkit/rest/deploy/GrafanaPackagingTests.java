package io.chatkit.rest.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import com.marcnuri.helm.Helm;
import io.chatkit.rest.deploy.ChartRender.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

	@Test
	void thePackagedChartCarriesTheGrafanaFilesButNotTheirUnitTests(@TempDir Path destination) throws IOException {
		new Helm(ChartRender.CHART).packageIt().withDestination(destination).call();
		List<String> entries;
		try (Stream<Path> packages = Files.list(destination)) {
			entries = tarEntries(packages.findFirst().orElseThrow());
		}
		assertThat(entries).contains("chatkit-rest/files/grafana/alerts/chatkit-rest.rules.yml")
			.noneMatch((entry) -> entry.contains("/alerts/tests/"));
	}

	/**
	 * Names of a gzipped tar's entries (ustar headers, as {@code helm package} writes
	 * them).
	 */
	private static List<String> tarEntries(Path archive) throws IOException {
		byte[] tar;
		try (InputStream in = new GZIPInputStream(Files.newInputStream(archive))) {
			tar = in.readAllBytes();
		}
		List<String> names = new ArrayList<>();
		int offset = 0;
		while (offset + 512 <= tar.length && tar[offset] != 0) {
			String prefix = field(tar, offset + 345, 155);
			String name = field(tar, offset, 100);
			names.add(prefix.isEmpty() ? name : prefix + "/" + name);
			long size = Long.parseLong(field(tar, offset + 124, 12).trim(), 8);
			offset += 512 + (int) ((size + 511) / 512 * 512);
		}
		return names;
	}

	private static String field(byte[] tar, int offset, int length) {
		int end = offset;
		while (end < offset + length && tar[end] != 0) {
			end++;
		}
		return new String(tar, offset, end - offset, StandardCharsets.UTF_8);
	}

}
