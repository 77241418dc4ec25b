package io.chatkit.rest.deploy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.chatkit.rest.deploy.ChartRender.castList;
import static io.chatkit.rest.deploy.ChartRender.castMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for how the workload reads secrets: per-variable references to any Secret, and
 * every key optional so that missing values never hold a pod in
 * {@code CreateContainerConfigError}.
 */
class SecretRefsTests {

	@Test
	void databaseUrlCanComeFromCloudNativePgsGeneratedSecret() {
		ChartRender render = ChartRender.of("secrets.refs.DATABASE_URL.name=chatkit-pg-app",
				"secrets.refs.DATABASE_URL.key=uri");
		assertThat(keyRef(render, "DATABASE_URL")).containsEntry("name", "chatkit-pg-app").containsEntry("key", "uri");
		assertThat(keyRef(render, "JWT_SECRET")).containsEntry("name", "chatkit-rest")
			.containsEntry("key", "JWT_SECRET");
	}

	@Test
	void aReferenceMayNameAVariableOutsideTheAppSecret() {
		ChartRender render = ChartRender.of("secrets.refs.SPRING_DATASOURCE_PASSWORD.name=chatkit-pg-app",
				"secrets.refs.SPRING_DATASOURCE_PASSWORD.key=password");
		assertThat(keyRef(render, "SPRING_DATASOURCE_PASSWORD")).containsEntry("name", "chatkit-pg-app")
			.containsEntry("key", "password");
		assertThat(env(render)).extracting((entry) -> castMap(entry).get("name"))
			.containsExactly("DATABASE_URL", "REDIS_URL", "JWT_SECRET", "OPENROUTER_API_KEY",
					"OPENROUTER_SECONDARY_API_KEY", "SENTRY_DSN", "SPRING_DATASOURCE_PASSWORD");
	}

	@Test
	void everySecretKeyIsOptionalSoDefaultValuesStillStartThePod() {
		assertThat(env(ChartRender.of())).isNotEmpty()
			.allSatisfy((entry) -> assertThat(castMap(castMap(castMap(entry).get("valueFrom")).get("secretKeyRef")))
				.containsEntry("optional", true));
	}

	@Test
	void aReferenceNeedsBothNameAndKey() {
		assertThatThrownBy(() -> ChartRender.template(null, "secrets.refs.DATABASE_URL.name=chatkit-pg-app"))
			.hasMessageContaining("values don't meet the specifications of the schema");
		assertThatThrownBy(
				() -> ChartRender.template(null, "secrets.refs.database-url.name=a", "secrets.refs.database-url.key=b"))
			.hasMessageContaining("values don't meet the specifications of the schema");
	}

	private static List<Object> env(ChartRender render) {
		return castList(
				castMap(castList(castMap(render.podTemplate().get("spec")).get("containers")).get(0)).get("env"));
	}

	private static Map<String, Object> keyRef(ChartRender render, String name) {
		return env(render).stream()
			.map(ChartRender::castMap)
			.filter((entry) -> name.equals(entry.get("name")))
			.map((entry) -> castMap(castMap(entry.get("valueFrom")).get("secretKeyRef")))
			.findFirst()
			.orElseThrow();
	}

}
