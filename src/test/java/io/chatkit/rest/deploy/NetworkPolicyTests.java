package io.chatkit.rest.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.chatkit.rest.deploy.ChartRender.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.chatkit.rest.deploy.ChartRender.castList;
import static io.chatkit.rest.deploy.ChartRender.castMap;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the chart's NetworkPolicy.
 */
class NetworkPolicyTests {

	@Test
	void byDefaultTheApiPortAdmitsOnlyTheHelmTestPodAndTheManagementPortOnlyMonitoring(@TempDir Path copy)
			throws IOException {
		ChartRender render = ChartRender.of("networkPolicy.enabled=true");
		Document policy = render.single("NetworkPolicy");
		List<Object> ingress = castList(policy.get("spec", "ingress"));
		Map<String, Object> api = rule(ingress, "http");
		Map<String, Object> testPodLabels = castMap(
				castMap(ReleaseTestHookTests.renderHookAsPlainObject(copy).get("metadata")).get("labels"));
		assertThat(castList(api.get("from"))).singleElement().satisfies((peer) -> {
			Map<String, Object> selected = castMap(castMap(castMap(peer).get("podSelector")).get("matchLabels"));
			assertThat(testPodLabels).containsAllEntriesOf(selected);
		});
		Map<String, Object> management = rule(ingress, "management");
		assertThat(management.get("from").toString()).contains("kubernetes.io/metadata.name=monitoring");
		assertThat(policy.map("spec", "podSelector", "matchLabels")).containsEntry("app.kubernetes.io/name",
				"chatkit-rest");
	}

	@Test
	void theApiPortAdmitsExactlyTheConfiguredPeers() {
		Document policy = ChartRender.of("networkPolicy.enabled=true",
				"networkPolicy.ingressFrom[0].namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name=envoy-gateway-system",
				"networkPolicy.ingressFrom[1].ipBlock.cidr=10.0.0.0/8")
			.single("NetworkPolicy");
		Map<String, Object> api = rule(castList(policy.get("spec", "ingress")), "http");
		assertThat(castList(api.get("from"))).containsExactly(
				Map.of("namespaceSelector",
						Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "envoy-gateway-system"))),
				Map.of("ipBlock", Map.of("cidr", "10.0.0.0/8")));
	}

	@Test
	void anEmptyPeerListOpensTheApiPortToAnySource() {
		Document policy = ChartRender.of("networkPolicy.enabled=true", "networkPolicy.ingressFrom=null")
			.single("NetworkPolicy");
		assertThat(rule(castList(policy.get("spec", "ingress")), "http")).doesNotContainKey("from");
	}

	@Test
	void theTemplateNamesNoNamespaceOfItsOwn() throws Exception {
		String template = Files.readString(ChartRender.CHART.resolve("templates").resolve("networkpolicy.yaml"));
		assertThat(template).doesNotContain("ingress-nginx").doesNotContain("metadata.name:");
	}

	@Test
	void egressReachesOnlyDnsPostgresRedisAndHttps() {
		Document policy = ChartRender.of("networkPolicy.enabled=true").single("NetworkPolicy");
		assertThat(policy.get("spec", "policyTypes")).isEqualTo(List.of("Ingress", "Egress"));
		List<String> ports = castList(policy.get("spec", "egress")).stream()
			.flatMap((rule) -> castList(castMap(rule).get("ports")).stream())
			.map((port) -> castMap(port).get("protocol") + "/" + castMap(port).get("port"))
			.toList();
		assertThat(ports).containsExactlyInAnyOrder("UDP/53", "TCP/53", "TCP/5432", "TCP/6379", "TCP/26379", "TCP/443");
	}

	private static Map<String, Object> rule(List<Object> rules, String port) {
		return rules.stream()
			.map(ChartRender::castMap)
			.filter((rule) -> castList(rule.get("ports")).stream().anyMatch((p) -> port.equals(castMap(p).get("port"))))
			.findFirst()
			.orElseThrow();
	}

}
