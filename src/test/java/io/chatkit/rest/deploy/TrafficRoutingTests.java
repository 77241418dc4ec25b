package io.chatkit.rest.deploy;

import java.util.List;
import java.util.Map;

import io.chatkit.rest.deploy.ChartRender.Document;
import org.junit.jupiter.api.Test;

import static io.chatkit.rest.deploy.ChartRender.castList;
import static io.chatkit.rest.deploy.ChartRender.castMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests that a canary step's weight is the share of requests the canary gets: Argo's
 * NGINX or Gateway API traffic routing on the chart's Ingress or HTTPRoute.
 */
class TrafficRoutingTests {

	private static final String GATEWAY = "httpRoute.parentRefs[0].name=public";

	@Test
	void withoutTrafficRoutingWeightsFollowPodCountsThroughOneService() {
		ChartRender render = ChartRender.of("rollout.enabled=true", "ingress.enabled=true");
		assertThat(canary(render)).doesNotContainKeys("trafficRouting", "canaryService", "stableService");
		assertThat(render.ofKind("Service")).extracting(Document::name).containsExactly("chatkit-rest");
		assertThat(ingressBackend(render)).isEqualTo("chatkit-rest");
	}

	@Test
	void nginxRoutingSteersTheChartsIngressThroughTheStableService() {
		ChartRender render = ChartRender.of("rollout.enabled=true", "rollout.trafficRouting=nginx",
				"ingress.enabled=true");
		Map<String, Object> canary = canary(render);
		assertThat(canary).containsEntry("canaryService", "chatkit-rest-canary")
			.containsEntry("stableService", "chatkit-rest-stable")
			.containsEntry("trafficRouting", Map.of("nginx", Map.of("stableIngress", render.single("Ingress").name())));
		assertThat(render.ofKind("Service")).extracting(Document::name)
			.containsExactly("chatkit-rest", "chatkit-rest-stable", "chatkit-rest-canary");
		assertThat(ingressBackend(render)).isEqualTo("chatkit-rest-stable");
		for (String name : List.of("chatkit-rest-stable", "chatkit-rest-canary")) {
			assertThat(render.single("Service", name).map("spec", "selector"))
				.isEqualTo(render.single("Service", "chatkit-rest").map("spec", "selector"));
		}
	}

	@Test
	void gatewayApiRoutingNamesTheChartsHttpRouteWhichListsStableAndCanary() {
		ChartRender render = ChartRender.of("rollout.enabled=true", "rollout.trafficRouting=gatewayAPI",
				"httpRoute.enabled=true", GATEWAY);
		Map<String, Object> plugin = castMap(
				castMap(castMap(canary(render).get("trafficRouting")).get("plugins")).get("argoproj-labs/gatewayAPI"));
		Document route = render.single("HTTPRoute");
		assertThat(plugin).containsEntry("httpRoute", route.name()).containsEntry("namespace", ChartRender.NAMESPACE);
		assertThat(canary(render)).containsEntry("canaryService", "chatkit-rest-canary")
			.containsEntry("stableService", "chatkit-rest-stable");
		List<Object> backends = castList(castMap(castList(route.get("spec", "rules")).get(0)).get("backendRefs"));
		assertThat(backends).extracting((ref) -> castMap(ref).get("name") + "=" + castMap(ref).get("weight"))
			.containsExactly("chatkit-rest-stable=100", "chatkit-rest-canary=0");
	}

	@Test
	void theServiceMonitorLeavesTheCanaryAndStableServicesOutSoEachPodIsScrapedOnce() {
		ChartRender render = ChartRender.of("rollout.enabled=true", "rollout.trafficRouting=nginx",
				"ingress.enabled=true", "serviceMonitor.enabled=true");
		Map<String, Object> selector = render.single("ServiceMonitor").map("spec", "selector");
		assertThat(selector.get("matchExpressions").toString()).contains("key=chatkit.io/traffic")
			.contains("operator=DoesNotExist");
		assertThat(render.single("Service", "chatkit-rest").map("metadata", "labels"))
			.doesNotContainKey("chatkit.io/traffic");
		assertThat(render.single("Service", "chatkit-rest-canary").map("metadata", "labels"))
			.containsEntry("chatkit.io/traffic", "canary");
	}

	@Test
	void routingThroughAnObjectTheChartDoesNotRenderFailsTheRenderSayingWhatToSet() {
		assertThatThrownBy(() -> ChartRender.of("rollout.enabled=true", "rollout.trafficRouting=nginx"))
			.hasMessageContaining("set ingress.enabled=true");
		assertThatThrownBy(() -> ChartRender.of("rollout.enabled=true", "rollout.trafficRouting=gatewayAPI"))
			.hasMessageContaining("set httpRoute.enabled=true");
		assertThatThrownBy(() -> ChartRender.of("rollout.trafficRouting=istio"))
			.hasMessageContaining("values don't meet the specifications of the schema");
	}

	@Test
	void theAnalysisMeasuresApiTrafficOnlyNeverActuatorOrHealth() {
		ChartRender render = ChartRender.of("rollout.enabled=true");
		for (Object metric : castList(render.single("AnalysisTemplate").get("spec", "metrics"))) {
			String query = (String) castMap(castMap(castMap(metric).get("provider")).get("prometheus")).get("query");
			query.lines()
				.filter((line) -> line.contains("http_server_requests_seconds"))
				.forEach((line) -> assertThat(line).contains("uri!~\"/actuator.*|/health\""));
		}
	}

	@Test
	void anHttpRouteAttachesToTheGivenGatewaysForTheGivenHostnames() {
		Document route = ChartRender
			.of("httpRoute.enabled=true", GATEWAY, "httpRoute.parentRefs[0].namespace=gateway-system",
					"httpRoute.hostnames[0]=chat.example.com")
			.single("HTTPRoute");
		assertThat(route.get("apiVersion")).isEqualTo("gateway.networking.k8s.io/v1");
		assertThat(castList(route.get("spec", "parentRefs")))
			.containsExactly(Map.of("name", "public", "namespace", "gateway-system"));
		assertThat(castList(route.get("spec", "hostnames"))).containsExactly("chat.example.com");
		List<Object> backends = castList(castMap(castList(route.get("spec", "rules")).get(0)).get("backendRefs"));
		assertThat(backends).containsExactly(Map.of("name", "chatkit-rest", "port", 8080));
	}

	@Test
	void nginxAnnotationsAreSetOnlyForTheNginxIngressClass() {
		Document ingress = ChartRender.of("ingress.enabled=true", "ingress.className=traefik").single("Ingress");
		assertThat(ingress.get("metadata", "annotations")).isNull();
		assertThat(ingress.get("spec", "ingressClassName")).isEqualTo("traefik");
	}

	private static Map<String, Object> canary(ChartRender render) {
		return render.single("Rollout").map("spec", "strategy", "canary");
	}

	private static String ingressBackend(ChartRender render) {
		Map<String, Object> rule = castMap(castList(render.single("Ingress").get("spec", "rules")).get(0));
		Map<String, Object> path = castMap(castList(castMap(rule.get("http")).get("paths")).get(0));
		return (String) castMap(castMap(path.get("backend")).get("service")).get("name");
	}

}
