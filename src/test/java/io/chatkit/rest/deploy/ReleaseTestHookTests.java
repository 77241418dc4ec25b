package io.chatkit.rest.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import com.marcnuri.helm.Release;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import static io.chatkit.rest.deploy.ChartRender.castList;
import static io.chatkit.rest.deploy.ChartRender.castMap;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@code helm test} hook and the release notes.
 */
class ReleaseTestHookTests {

	private static final Path HOOK = Path.of("templates", "tests", "test-health.yaml");

	@Test
	void theTestPodIsAHelmTestHook() throws IOException {
		String template = Files.readString(ChartRender.CHART.resolve(HOOK));
		assertThat(template).contains("helm.sh/hook: test\n");
	}

	@Test
	void theTestPodCurlsTheHealthEndpointWithAPinnedImageAndNoPrivileges(@TempDir Path copy) throws IOException {
		Map<String, Object> pod = renderHookAsPlainObject(copy);
		Map<String, Object> spec = castMap(pod.get("spec"));
		assertThat(spec).containsEntry("restartPolicy", "Never").containsEntry("automountServiceAccountToken", false);
		assertThat(castMap(spec.get("securityContext"))).containsEntry("runAsNonRoot", true)
			.containsEntry("seccompProfile", Map.of("type", "RuntimeDefault"));
		Map<String, Object> container = castMap(castList(spec.get("containers")).get(0));
		assertThat((String) container.get("image")).matches("curlimages/curl:\\d+\\.\\d+\\.\\d+");
		assertThat(castList(container.get("args"))).contains("--fail", "http://chatkit-rest:8080/health");
		assertThat(castMap(container.get("securityContext"))).containsEntry("allowPrivilegeEscalation", false)
			.containsEntry("readOnlyRootFilesystem", true)
			.containsEntry("capabilities", Map.of("drop", List.of("ALL")));
		assertThat(castMap(castMap(pod.get("metadata")).get("labels"))).doesNotContainEntry("app.kubernetes.io/name",
				"chatkit-rest");
	}

	@Test
	void theNotesTellHowToTestTheReleaseAndChangeTheLimitsLive() {
		Release release = new Helm(ChartRender.CHART).install()
			.withName(ChartRender.RELEASE)
			.withNamespace(ChartRender.NAMESPACE)
			.clientOnly()
			.dryRun()
			.call();
		assertThat(release.getOutput()).contains("helm test chatkit-rest -n chatkit-test")
			.contains("edit configmap chatkit-rest-limits")
			.contains("requests per minute: 30");
	}

	/**
	 * Renders the hook as an ordinary object: {@code helm template} leaves hooks out, so
	 * a copy of the chart drops the hook annotation.
	 */
	static Map<String, Object> renderHookAsPlainObject(Path copy, String... sets) throws IOException {
		try (Stream<Path> files = Files.walk(ChartRender.CHART)) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				Path relative = ChartRender.CHART.relativize(file);
				if (relative.startsWith("files")) {
					continue;
				}
				Path target = copy.resolve(relative);
				Files.createDirectories(target.getParent());
				String text = Files.readString(file);
				Files.writeString(target,
						relative.equals(HOOK) ? text.replaceAll("(?m)^\\s*helm\\.sh/hook.*\\n", "") : text);
			}
		}
		TemplateCommand command = new Helm(copy).template().withName(ChartRender.RELEASE);
		for (String set : sets) {
			String[] pair = set.split("=", 2);
			command = command.set(pair[0], pair[1]);
		}
		String manifest = command.call();
		for (Object document : new Yaml().loadAll(manifest)) {
			if (document instanceof Map<?, ?> map && "Pod".equals(map.get("kind"))) {
				return castMap(map);
			}
		}
		throw new AssertionError("No test Pod in:\n" + manifest);
	}

}
