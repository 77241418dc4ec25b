package io.chatkit.rest.deploy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.chatkit.rest.deploy.ChartRender.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.chatkit.rest.deploy.ChartRender.castList;
import static io.chatkit.rest.deploy.ChartRender.castMap;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the chatkit-rest Helm chart as a whole: lint, default render, optional
 * features.
 */
class HelmChartTests {

	private static final String[] ALL_FEATURES = { "ingress.enabled=true", "autoscaling.enabled=true",
			"podDisruptionBudget.enabled=true", "networkPolicy.enabled=true", "serviceMonitor.enabled=true",
			"prometheusRule.enabled=true", "grafanaDashboards.enabled=true", "rollout.enabled=true",
			"secrets.existingSecret=chatkit-rest-secrets" };

	@Test
	void strictLintReportsNoWarningsOrErrors() {
		LintResult result = new Helm(ChartRender.CHART).lint().strict().call();
		assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
		assertThat(result.getMessages()).noneMatch((message) -> message.contains("[WARNING]"))
			.noneMatch((message) -> message.contains("[ERROR]"));
	}

	@Test
	void defaultValuesAloneRenderTheCoreObjectsAndNoCustomResources() {
		ChartRender render = ChartRender.of();
		assertThat(render.documents().keySet()).containsExactlyInAnyOrder("ServiceAccount/chatkit-rest",
				"Secret/chatkit-rest", "ConfigMap/chatkit-rest-config", "ConfigMap/chatkit-rest-limits",
				"Service/chatkit-rest", "Deployment/chatkit-rest");
	}

	@Test
	void everyRenderedObjectIsAKubernetesObjectWithTheStandardLabels() {
		ChartRender render = ChartRender.of(ALL_FEATURES);
		assertThat(render.documents()).hasSizeGreaterThanOrEqualTo(12);
		for (Document document : render.documents().values()) {
			assertThat(document.get("apiVersion")).as(document.key()).isInstanceOf(String.class);
			assertThat(document.kind()).as(document.key()).isNotBlank();
			assertThat(document.name()).as(document.key()).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?").hasSizeLessThan(64);
			assertThat(document.map("metadata", "labels")).as(document.key())
				.containsEntry("app.kubernetes.io/name", "chatkit-rest")
				.containsEntry("app.kubernetes.io/instance", ChartRender.RELEASE)
				.containsEntry("app.kubernetes.io/version", "0.1.0")
				.containsEntry("app.kubernetes.io/managed-by", "Helm")
				.containsEntry("helm.sh/chart", "chatkit-rest-0.1.0");
		}
	}

	@Test
	void renderingTwiceGivesByteIdenticalOutput() {
		assertThat(ChartRender.of().text()).isEqualTo(ChartRender.of().text());
		assertThat(ChartRender.of(ALL_FEATURES).text()).isEqualTo(ChartRender.of(ALL_FEATURES).text());
	}

	@ParameterizedTest
	@CsvSource({ "ingress.enabled, Ingress", "autoscaling.enabled, HorizontalPodAutoscaler",
			"podDisruptionBudget.enabled, PodDisruptionBudget", "networkPolicy.enabled, NetworkPolicy",
			"serviceMonitor.enabled, ServiceMonitor", "prometheusRule.enabled, PrometheusRule",
			"rollout.enabled, Rollout", "rollout.enabled, AnalysisTemplate", "httpRoute.enabled, HTTPRoute" })
	void eachOptionalObjectRendersOnlyWhenItsFlagIsOn(String flag, String kind) {
		assertThat(ChartRender.of().kinds()).doesNotContain(kind);
		assertThat(ChartRender.of(flag + "=true").ofKind(kind)).hasSize(1);
	}

	@Test
	void grafanaDashboardConfigMapsRenderOnlyWhenEnabledAndCarryTheSidecarLabel() {
		assertThat(dashboardConfigMaps(ChartRender.of())).isEmpty();
		List<Document> dashboards = dashboardConfigMaps(ChartRender.of("grafanaDashboards.enabled=true"));
		assertThat(dashboards).isNotEmpty()
			.allSatisfy((document) -> assertThat(document.map("metadata", "labels")).containsEntry("grafana_dashboard",
					"1"));
	}

	@Test
	void withAnExistingSecretNoSecretIsRenderedAndEverySecretVariableReadsIt() {
		ChartRender render = ChartRender.of("secrets.existingSecret=chatkit-rest-secrets");
		assertThat(render.kinds()).doesNotContain("Secret");
		Map<String, String> secretRefs = secretRefs(render);
		assertThat(secretRefs).containsOnlyKeys("DATABASE_URL", "REDIS_URL", "JWT_SECRET", "OPENROUTER_API_KEY",
				"OPENROUTER_SECONDARY_API_KEY", "SENTRY_DSN");
		assertThat(secretRefs.values()).containsOnly("chatkit-rest-secrets");
	}

	@Test
	void theChartMadeSecretHoldsOnlyTheValuesGivenAndTheWorkloadReadsIt() {
		ChartRender render = ChartRender.of("secrets.databaseUrl=postgresql://chatkit@db:5432/chatkit");
		Map<String, Object> data = render.single("Secret").map("data");
		assertThat(data).containsOnlyKeys("DATABASE_URL");
		assertThat(secretRefs(render).values()).containsOnly("chatkit-rest");
		assertThat(ChartRender.of().single("Secret").map("data")).isEmpty();
	}

	@Test
	void theIngressKeepsServerSentEventsUnbufferedAndOpenForAnHour() {
		Document ingress = ChartRender
			.of("ingress.enabled=true", "ingress.className=nginx", "ingress.tls[0].secretName=chatkit-tls",
					"ingress.tls[0].hosts[0]=chatkit.example.com")
			.single("Ingress");
		assertThat(ingress.map("metadata", "annotations"))
			.containsEntry("nginx.ingress.kubernetes.io/proxy-buffering", "off")
			.containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "3600")
			.containsEntry("nginx.ingress.kubernetes.io/proxy-send-timeout", "3600");
		assertThat(ingress.get("spec", "ingressClassName")).isEqualTo("nginx");
		assertThat(castMap(castList(ingress.get("spec", "tls")).get(0))).containsEntry("secretName", "chatkit-tls");
		Map<String, Object> rule = castMap(castList(ingress.get("spec", "rules")).get(0));
		assertThat(rule).containsEntry("host", "chatkit.example.com");
		assertThat(rule.toString()).contains("name=chatkit-rest").contains("port={name=http}");
	}

	@Test
	void theServiceExposesTheApiAndManagementPorts() {
		List<Object> ports = castList(ChartRender.of().single("Service").get("spec", "ports"));
		assertThat(ports).extracting((port) -> castMap(port).get("name") + ":" + castMap(port).get("port"))
			.containsExactly("http:8080", "management:8081");
	}

	@Test
	void theServiceMonitorScrapesPrometheusMetricsFromTheManagementPort() {
		Document monitor = ChartRender.of("serviceMonitor.enabled=true").single("ServiceMonitor");
		Map<String, Object> endpoint = castMap(castList(monitor.get("spec", "endpoints")).get(0));
		assertThat(endpoint).containsEntry("port", "management").containsEntry("path", "/actuator/prometheus");
		assertThat(monitor.map("spec", "selector", "matchLabels")).containsEntry("app.kubernetes.io/name",
				"chatkit-rest");
	}

	@Test
	void theServiceAccountDoesNotMountAnApiToken() {
		assertThat(ChartRender.of().single("ServiceAccount").get("automountServiceAccountToken")).isEqualTo(false);
	}

	@Test
	void thePodDisruptionBudgetKeepsOnePodAvailable() {
		Document pdb = ChartRender.of("podDisruptionBudget.enabled=true").single("PodDisruptionBudget");
		assertThat(pdb.get("spec", "minAvailable")).isEqualTo(1);
		assertThat(pdb.map("spec", "selector", "matchLabels")).containsEntry("app.kubernetes.io/instance",
				ChartRender.RELEASE);
	}

	private static List<Document> dashboardConfigMaps(ChartRender render) {
		return render.ofKind("ConfigMap")
			.stream()
			.filter((document) -> document.name().contains("-dashboard-"))
			.toList();
	}

	static Map<String, String> secretRefs(ChartRender render) {
		Map<String, Object> container = castMap(
				castList(castMap(render.podTemplate().get("spec")).get("containers")).get(0));
		Map<String, String> refs = new TreeMap<>();
		for (Object entry : castList(container.get("env"))) {
			Map<String, Object> env = castMap(entry);
			Map<String, Object> ref = castMap(castMap(env.get("valueFrom")).get("secretKeyRef"));
			refs.put((String) env.get("name"), (String) ref.get("name"));
		}
		return refs;
	}

}
