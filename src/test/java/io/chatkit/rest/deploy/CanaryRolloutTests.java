package io.chatkit.rest.deploy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.chatkit.rest.deploy.ChartRender.Document;
import org.junit.jupiter.api.Test;

import static io.chatkit.rest.deploy.ChartRender.castList;
import static io.chatkit.rest.deploy.ChartRender.castMap;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the workload kinds: Deployment, Argo Rollouts canary and autoscaling.
 */
class CanaryRolloutTests {

	@Test
	void withAutoscalingTheDeploymentLeavesReplicasToTheHpa() {
		ChartRender render = ChartRender.of("autoscaling.enabled=true", "autoscaling.minReplicas=3",
				"autoscaling.maxReplicas=9");
		assertThat(render.single("Deployment").map("spec")).doesNotContainKey("replicas");
		Document hpa = render.single("HorizontalPodAutoscaler");
		assertThat(hpa.map("spec", "scaleTargetRef")).containsEntry("apiVersion", "apps/v1")
			.containsEntry("kind", "Deployment")
			.containsEntry("name", "chatkit-rest");
		assertThat(hpa.map("spec")).containsEntry("minReplicas", 3).containsEntry("maxReplicas", 9);
		assertThat(hpa.get("spec", "metrics").toString()).contains("name=cpu").contains("averageUtilization=70");
	}

	@Test
	void withoutAutoscalingTheDeploymentRunsTheConfiguredReplicas() {
		assertThat(ChartRender.of("replicaCount=3").single("Deployment").get("spec", "replicas")).isEqualTo(3);
	}

	@Test
	void withRolloutOnThereIsARolloutAndAnAnalysisTemplateAndNoDeployment() {
		ChartRender render = ChartRender.of("rollout.enabled=true");
		assertThat(render.kinds()).doesNotContain("Deployment").contains("Rollout", "AnalysisTemplate");
		Document rollout = render.single("Rollout");
		assertThat(rollout.get("apiVersion")).isEqualTo("argoproj.io/v1alpha1");
		Map<String, Object> selector = rollout.map("spec", "selector", "matchLabels");
		assertThat(selector).isEqualTo(
				Map.of("app.kubernetes.io/name", "chatkit-rest", "app.kubernetes.io/instance", ChartRender.RELEASE));
		assertThat(castMap(castMap(render.podTemplate().get("metadata")).get("labels"))).containsAllEntriesOf(selector);
	}

	@Test
	void theCanaryStepsUpThroughTenTwentyFiveAndFiftyPercentWithPauses() {
		List<Object> steps = castList(canary().get("steps"));
		assertThat(steps).extracting(Object::toString)
			.containsExactly("{setWeight=10}", "{pause={duration=5m}}", "{setWeight=25}", "{pause={duration=5m}}",
					"{setWeight=50}", "{pause={duration=5m}}", "{setWeight=100}");
	}

	@Test
	void theCanaryAnalysisUsesTheChartsAnalysisTemplateForTheNewPods() {
		ChartRender render = ChartRender.of("rollout.enabled=true");
		Map<String, Object> analysis = castMap(canary().get("analysis"));
		String templateName = (String) castMap(castList(analysis.get("templates")).get(0)).get("templateName");
		assertThat(templateName).isEqualTo(render.single("AnalysisTemplate").name());
		assertThat(analysis.get("args").toString()).contains("name=namespace, value=" + ChartRender.NAMESPACE)
			.contains("name=canary-hash, valueFrom={podTemplateHashValue=Latest}");
		List<Object> declared = castList(render.single("AnalysisTemplate").get("spec", "args"));
		assertThat(declared).extracting((arg) -> castMap(arg).get("name"))
			.containsExactlyInAnyOrderElementsOf(
					castList(analysis.get("args")).stream().map((arg) -> castMap(arg).get("name")).toList());
	}

	@Test
	void theAnalysisGatesOnTheCanaryErrorRatioAndP95LatencyInPrometheus() {
		ChartRender render = ChartRender.of("rollout.enabled=true",
				"rollout.analysis.prometheusAddress=http://prometheus.monitoring:9090");
		Map<String, Map<String, Object>> metrics = new TreeMap<>();
		castList(render.single("AnalysisTemplate").get("spec", "metrics"))
			.forEach((metric) -> metrics.put((String) castMap(metric).get("name"), castMap(metric)));
		assertThat(metrics).containsOnlyKeys("error-ratio", "p95-latency");
		assertThat(metrics.get("error-ratio")).containsEntry("successCondition",
				"isNaN(result[0]) || result[0] < 0.001");
		assertThat(metrics.get("p95-latency")).containsEntry("successCondition", "isNaN(result[0]) || result[0] < 0.5");
		metrics.values().forEach((metric) -> {
			Map<String, Object> prometheus = castMap(castMap(metric.get("provider")).get("prometheus"));
			assertThat(prometheus).containsEntry("address", "http://prometheus.monitoring:9090");
			assertThat((String) prometheus.get("query")).contains("namespace=\"{{args.namespace}}\"")
				.contains("pod=~\"{{args.pod-prefix}}-{{args.canary-hash}}-.*\"");
		});
		assertThat((String) castMap(castMap(metrics.get("error-ratio").get("provider")).get("prometheus")).get("query"))
			.contains("http_server_requests_seconds_count")
			.contains("status=~\"5..\"");
		assertThat((String) castMap(castMap(metrics.get("p95-latency").get("provider")).get("prometheus")).get("query"))
			.contains("histogram_quantile(0.95")
			.contains("http_server_requests_seconds_bucket");
	}

	@Test
	void withRolloutAndAutoscalingTheHpaScalesTheRolloutWhichLeavesReplicasAlone() {
		ChartRender render = ChartRender.of("rollout.enabled=true", "autoscaling.enabled=true");
		assertThat(render.single("Rollout").map("spec")).doesNotContainKey("replicas");
		assertThat(render.single("HorizontalPodAutoscaler").map("spec", "scaleTargetRef"))
			.containsEntry("apiVersion", "argoproj.io/v1alpha1")
			.containsEntry("kind", "Rollout");
	}

	@Test
	void theDeploymentAndTheRolloutShareOnePodTemplate() {
		assertThat(ChartRender.of("rollout.enabled=true").podTemplate()).isEqualTo(ChartRender.of().podTemplate());
	}

	private static Map<String, Object> canary() {
		return ChartRender.of("rollout.enabled=true").single("Rollout").map("spec", "strategy", "canary");
	}

}
