package io.chatkit.rest.deploy;

import java.util.Map;

import io.chatkit.rest.deploy.ChartRender.Document;
import org.junit.jupiter.api.Test;

import static io.chatkit.rest.deploy.ChartRender.castList;
import static io.chatkit.rest.deploy.ChartRender.castMap;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the live limits sit in their own ConfigMap, mounted as a directory, so that
 * changing a limit changes nothing else and restarts no pod.
 */
class LiveLimitsTests {

	private static final String LIMITS = "ConfigMap/chatkit-rest-limits";

	@Test
	void theLimitsFileHoldsTheDefaultLimits() {
		assertThat(limitsFile(ChartRender.of())).isEqualTo("""
				rate-limit.requests-per-minute=30
				budget.daily-usd=10
				budget.user-daily-usd=0
				budget.reply-reserve-usd=0.02
				""");
	}

	@Test
	void renderingWithRateLimit15ChangesOnlyTheLimitsConfigMap() {
		ChartRender before = ChartRender.of();
		ChartRender after = ChartRender.of("rateLimit.requestsPerMinute=15");
		assertThat(after.documents().keySet()).isEqualTo(before.documents().keySet());
		for (String key : before.documents().keySet()) {
			if (!key.equals(LIMITS)) {
				assertThat(after.documents().get(key).raw()).as(key).isEqualTo(before.documents().get(key).raw());
			}
		}
		assertThat(after.podTemplate()).isEqualTo(before.podTemplate());
		assertThat(limitsFile(after)).contains("rate-limit.requests-per-minute=15\n")
			.doesNotContain("rate-limit.requests-per-minute=30");
	}

	@Test
	void changingTheLimitsOfACanaryReleaseLeavesTheRolloutUntouched() {
		String[] production = { "rollout.enabled=true", "autoscaling.enabled=true" };
		ChartRender before = ChartRender.of(production);
		ChartRender after = ChartRender.of("rollout.enabled=true", "autoscaling.enabled=true",
				"rateLimit.requestsPerMinute=15", "budget.dailyUsd=2.5", "budget.userDailyUsd=0.25");
		assertThat(after.single("Rollout").raw()).isEqualTo(before.single("Rollout").raw());
		assertThat(limitsFile(after)).isEqualTo("""
				rate-limit.requests-per-minute=15
				budget.daily-usd=2.5
				budget.user-daily-usd=0.25
				budget.reply-reserve-usd=0.02
				""");
	}

	@Test
	void theLimitsAreMountedAsADirectoryWithoutSubPathWhereTheServiceLooksForThem() {
		ChartRender render = ChartRender.of();
		Map<String, Object> spec = castMap(render.podTemplate().get("spec"));
		Map<String, Object> volume = castList(spec.get("volumes")).stream()
			.map(ChartRender::castMap)
			.filter((candidate) -> candidate.containsKey("configMap"))
			.filter((candidate) -> "chatkit-rest-limits".equals(castMap(candidate.get("configMap")).get("name")))
			.findFirst()
			.orElseThrow();
		assertThat(castMap(volume.get("configMap"))).doesNotContainKey("items");
		Map<String, Object> container = castMap(castList(spec.get("containers")).get(0));
		Map<String, Object> mount = castList(container.get("volumeMounts")).stream()
			.map(ChartRender::castMap)
			.filter((candidate) -> volume.get("name").equals(candidate.get("name")))
			.findFirst()
			.orElseThrow();
		assertThat(mount).doesNotContainKey("subPath").doesNotContainKey("subPathExpr");
		assertThat(mount).containsEntry("mountPath", "/etc/chatkit/limits");
		assertThat(render.single("ConfigMap", "chatkit-rest-config").map("data")).containsEntry("CHATKIT_LIMITS_FILE",
				"/etc/chatkit/limits/limits.properties");
	}

	@Test
	void changingOtherConfigurationOrSecretsRollsThePodsThroughTheChecksum() {
		String checksum = checksum(ChartRender.of());
		assertThat(checksum).matches("[0-9a-f]{64}");
		assertThat(checksum(ChartRender.of("config.openrouterModel=anthropic/claude-sonnet-4"))).isNotEqualTo(checksum);
		assertThat(checksum(ChartRender.of("secrets.openrouterApiKey=sk-or-test"))).isNotEqualTo(checksum);
		assertThat(checksum(ChartRender.of("rateLimit.requestsPerMinute=15", "budget.dailyUsd=1"))).isEqualTo(checksum);
	}

	@Test
	void theOnlyChecksumAnnotationIsTheConfigChecksum() {
		Map<String, Object> annotations = castMap(
				castMap(ChartRender.of().podTemplate().get("metadata")).get("annotations"));
		assertThat(annotations.keySet()).filteredOn((key) -> key.startsWith("checksum/"))
			.containsExactly("checksum/config");
	}

	private static String limitsFile(ChartRender render) {
		Document limits = render.documents().get(LIMITS);
		return (String) limits.map("data").get("limits.properties");
	}

	private static String checksum(ChartRender render) {
		return (String) castMap(castMap(render.podTemplate().get("metadata")).get("annotations"))
			.get("checksum/config");
	}

}
