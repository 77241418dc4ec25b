package io.chatkit.rest.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.chatkit.rest.deploy.ChartRender.castList;
import static io.chatkit.rest.deploy.ChartRender.castMap;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the hardened security contexts can be replaced, and that the OpenShift
 * preset leaves user, group and fsGroup to the platform's SCC.
 */
class PodSecurityTests {

	@Test
	void onOpenShiftThePlatformAssignsUserGroupAndFsGroup(@TempDir Path copy) throws IOException {
		ChartRender render = ChartRender.of("openshift=true");
		Map<String, Object> pod = castMap(castMap(render.podTemplate().get("spec")).get("securityContext"));
		assertThat(pod).doesNotContainKeys("runAsUser", "runAsGroup", "fsGroup")
			.containsEntry("runAsNonRoot", true)
			.containsEntry("seccompProfile", Map.of("type", "RuntimeDefault"));
		Map<String, Object> testPod = castMap(
				castMap(ReleaseTestHookTests.renderHookAsPlainObject(copy, "openshift=true").get("spec"))
					.get("securityContext"));
		assertThat(testPod).doesNotContainKeys("runAsUser", "runAsGroup", "fsGroup");
	}

	@Test
	void aGivenPodSecurityContextReplacesTheDefaultWhole() {
		ChartRender render = ChartRender.of("podSecurityContext.runAsNonRoot=true",
				"podSecurityContext.runAsUser=1000680000");
		Map<String, Object> pod = castMap(castMap(render.podTemplate().get("spec")).get("securityContext"));
		assertThat(pod).isEqualTo(Map.of("runAsNonRoot", true, "runAsUser", 1000680000));
	}

	@Test
	void aGivenContainerSecurityContextReplacesTheDefaultWhole() {
		ChartRender render = ChartRender.of("securityContext.allowPrivilegeEscalation=false",
				"securityContext.readOnlyRootFilesystem=false");
		Map<String, Object> container = castMap(
				castList(castMap(render.podTemplate().get("spec")).get("containers")).get(0));
		assertThat(castMap(container.get("securityContext")))
			.isEqualTo(Map.of("allowPrivilegeEscalation", false, "readOnlyRootFilesystem", false));
	}

}
