package io.chatkit.rest.deploy;

import java.util.List;
import java.util.Map;

import io.chatkit.rest.deploy.ChartRender.Document;
import org.junit.jupiter.api.Test;

import static io.chatkit.rest.deploy.ChartRender.castList;
import static io.chatkit.rest.deploy.ChartRender.castMap;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the chart's NetworkPolicy.
 */
class NetworkPolicyTests {

	@Test
	void theApiPortIsOpenToAllAndTheManagementPortOnlyToMonitoring() {
		Document policy = ChartRender.of("networkPolicy.enabled=true").single("NetworkPolicy");
		List<Object> ingress = castList(policy.get("spec", "ingress"));
		Map<String, Object> api = rule(ingress, "http");
		assertThat(api).doesNotContainKey("from");
		Map<String, Object> management = rule(ingress, "management");
		assertThat(management.get("from").toString()).contains("kubernetes.io/metadata.name=monitoring");
		assertThat(policy.map("spec", "podSelector", "matchLabels")).containsEntry("app.kubernetes.io/name",
				"chatkit-rest");
	}

	@Test
	void theApiPortCanBeLimitedToTheIngressControllersNamespace() {
		Document policy = ChartRender
			.of("networkPolicy.enabled=true",
					"networkPolicy.ingressNamespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name=ingress-nginx")
			.single("NetworkPolicy");
		Map<String, Object> api = rule(castList(policy.get("spec", "ingress")), "http");
		assertThat(api.get("from").toString()).contains("kubernetes.io/metadata.name=ingress-nginx");
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
