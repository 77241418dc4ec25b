package io.chatkit.rest.deploy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.chatkit.rest.deploy.ChartRender.castList;
import static io.chatkit.rest.deploy.ChartRender.castMap;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the pod template, of the Deployment and of the Rollout alike, is hardened
 * and drains gracefully.
 */
class WorkloadHardeningTests {

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void thePodRunsAsTheImageUserWithTheRuntimeDefaultSeccompProfile(boolean rollout) {
		Map<String, Object> securityContext = castMap(podSpec(rollout).get("securityContext"));
		assertThat(securityContext).containsEntry("runAsNonRoot", true)
			.containsEntry("runAsUser", 10001)
			.containsEntry("runAsGroup", 10001)
			.containsEntry("fsGroup", 10001)
			.containsEntry("seccompProfile", Map.of("type", "RuntimeDefault"));
		assertThat(podSpec(rollout)).containsEntry("automountServiceAccountToken", false)
			.containsEntry("serviceAccountName", "chatkit-rest");
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void theContainerCannotEscalateWriteItsRootOrKeepCapabilities(boolean rollout) {
		Map<String, Object> securityContext = castMap(container(rollout).get("securityContext"));
		assertThat(securityContext).containsEntry("allowPrivilegeEscalation", false)
			.containsEntry("readOnlyRootFilesystem", true)
			.containsEntry("capabilities", Map.of("drop", List.of("ALL")));
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void tmpIsAWritableEmptyDir(boolean rollout) {
		assertThat(mountPath(rollout, "/tmp")).isNotNull();
		Map<String, Object> volume = volume(rollout, (String) mountPath(rollout, "/tmp").get("name"));
		assertThat(volume).containsKey("emptyDir");
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void theContainerHasResourceRequestsAndLimits(boolean rollout) {
		Map<String, Object> resources = castMap(container(rollout).get("resources"));
		assertThat(castMap(resources.get("requests"))).containsKeys("cpu", "memory");
		assertThat(castMap(resources.get("limits"))).containsKeys("cpu", "memory");
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void probesAskTheActuatorOnTheManagementPort(boolean rollout) {
		Map<String, Object> container = container(rollout);
		assertThat(probe(container, "startupProbe")).containsEntry("port", "management")
			.containsEntry("path", "/actuator/health/liveness");
		assertThat(probe(container, "livenessProbe")).containsEntry("port", "management")
			.containsEntry("path", "/actuator/health/liveness");
		assertThat(probe(container, "readinessProbe")).containsEntry("port", "management")
			.containsEntry("path", "/actuator/health/readiness");
		assertThat(castList(container.get("ports")))
			.extracting((port) -> castMap(port).get("name") + ":" + castMap(port).get("containerPort"))
			.containsExactly("http:8080", "management:8081");
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void shutdownSleepsThenDrainsWithinTheGracePeriod(boolean rollout) {
		Map<String, Object> preStop = castMap(castMap(container(rollout).get("lifecycle")).get("preStop"));
		assertThat(castMap(preStop.get("exec")).get("command")).isEqualTo(List.of("sleep", "10"));
		ChartRender render = render(rollout);
		String drain = (String) render.single("ConfigMap", "chatkit-rest-config")
			.map("data")
			.get("SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE");
		assertThat(drain).isEqualTo("60s");
		assertThat((Integer) podSpec(rollout).get("terminationGracePeriodSeconds")).isGreaterThan(60 + 10);
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void podsSpreadAcrossNodesWithoutBlockingScheduling(boolean rollout) {
		Map<String, Object> constraint = castMap(castList(podSpec(rollout).get("topologySpreadConstraints")).get(0));
		assertThat(constraint).containsEntry("topologyKey", "kubernetes.io/hostname")
			.containsEntry("whenUnsatisfiable", "ScheduleAnyway");
		assertThat(castMap(castMap(constraint.get("labelSelector")).get("matchLabels")))
			.containsEntry("app.kubernetes.io/name", "chatkit-rest");
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void environmentComesOnlyFromTheConfigMapAndSecretReferences(boolean rollout) {
		Map<String, Object> container = container(rollout);
		assertThat(castList(container.get("envFrom")))
			.containsExactly(Map.of("configMapRef", Map.of("name", "chatkit-rest-config")));
		assertThat(castList(container.get("env"))).allSatisfy((entry) -> {
			Map<String, Object> env = castMap(entry);
			assertThat(env).doesNotContainKey("value");
			assertThat(castMap(env.get("valueFrom"))).containsOnlyKeys("secretKeyRef");
		});
		Map<String, Object> config = render(rollout).single("ConfigMap", "chatkit-rest-config").map("data");
		assertThat(config).containsEntry("CHATKIT_LIMITS_FILE", "/etc/chatkit/limits/limits.properties")
			.containsEntry("CHATKIT_LOGGING_JSON", "true")
			.containsEntry("CHATKIT_STREAMS_MAX", "3000")
			.containsEntry("OPENROUTER_BASE_URL", "https://openrouter.ai/api/v1")
			.containsEntry("SENTRY_RELEASE", "0.1.0");
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void theImageTagDefaultsToTheAppVersion(boolean rollout) {
		assertThat(container(rollout).get("image")).isEqualTo("ghcr.io/chatkit/chatkit-rest:0.1.0");
	}

	private static ChartRender render(boolean rollout) {
		return ChartRender.of("rollout.enabled=" + rollout);
	}

	private static Map<String, Object> podSpec(boolean rollout) {
		return castMap(render(rollout).podTemplate().get("spec"));
	}

	private static Map<String, Object> container(boolean rollout) {
		return castMap(castList(podSpec(rollout).get("containers")).get(0));
	}

	private static Map<String, Object> probe(Map<String, Object> container, String name) {
		return castMap(castMap(container.get(name)).get("httpGet"));
	}

	private static Map<String, Object> mountPath(boolean rollout, String path) {
		return castList(container(rollout).get("volumeMounts")).stream()
			.map(ChartRender::castMap)
			.filter((mount) -> path.equals(mount.get("mountPath")))
			.findFirst()
			.orElse(null);
	}

	private static Map<String, Object> volume(boolean rollout, String name) {
		return castList(podSpec(rollout).get("volumes")).stream()
			.map(ChartRender::castMap)
			.filter((volume) -> name.equals(volume.get("name")))
			.findFirst()
			.orElseThrow();
	}

}
