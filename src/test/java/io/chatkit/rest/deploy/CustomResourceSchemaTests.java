package io.chatkit.rest.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Validates every custom resource the chart and {@code k8s/} render against the current
 * CRD schemas vendored under {@code src/test/resources/crds} (sources in its README).
 * Validation is strict as {@code kubeconform -strict} is: an unknown field, which the API
 * server would silently prune, is an error.
 */
class CustomResourceSchemaTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final List<String> VALIDATED_GROUPS = List.of("argoproj.io", "gateway.networking.k8s.io",
			"postgresql.cnpg.io", "barmancloud.cnpg.io");

	static Stream<Arguments> renders() {
		return Stream.of(
				Arguments.of("rollout with nginx routing",
						ChartRender.of("rollout.enabled=true", "rollout.trafficRouting=nginx", "ingress.enabled=true")),
				Arguments.of("rollout with Gateway API routing",
						ChartRender.of("rollout.enabled=true", "rollout.trafficRouting=gatewayAPI",
								"httpRoute.enabled=true", "httpRoute.parentRefs[0].name=public",
								"httpRoute.parentRefs[0].namespace=gateway-system",
								"httpRoute.hostnames[0]=chat.example.com")),
				Arguments.of("production values",
						ChartRender.withValues(java.nio.file.Path.of("k8s/environments/production/values.yaml"))));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("renders")
	void everyCustomResourceTheChartRendersMatchesItsCrd(String name, ChartRender render) {
		List<Map<String, Object>> resources = render.documents()
			.values()
			.stream()
			.map(ChartRender.Document::content)
			.filter(CustomResourceSchemaTests::validated)
			.toList();
		assertThat(resources).isNotEmpty();
		resources.forEach(CustomResourceSchemaTests::assertValid);
	}

	@ParameterizedTest
	@MethodSource("io.chatkit.rest.deploy.EnvironmentsTests#valuesFiles")
	void everyOperatorResourceInK8sMatchesItsCrd(java.nio.file.Path valuesFile) throws IOException {
		List<Map<String, Object>> resources = EnvironmentsTests.load(valuesFile.resolveSibling("postgres-cluster.yaml"))
			.stream()
			.filter(CustomResourceSchemaTests::validated)
			.toList();
		assertThat(resources).extracting((resource) -> resource.get("kind"))
			.containsExactlyInAnyOrder("Cluster", "ObjectStore", "ScheduledBackup", "Pooler");
		resources.forEach(CustomResourceSchemaTests::assertValid);
	}

	@Test
	void theRemovedInTreeBackupStanzaAndMisspelledFieldsAreRejected() {
		Map<String, Object> cluster = Map.of("apiVersion", "postgresql.cnpg.io/v1", "kind", "Cluster", "metadata",
				Map.of("name", "x"), "spec",
				Map.of("instances", 1, "storage", Map.of("size", "1Gi"), "plugin", List.of()));
		assertThat(errors(cluster)).isNotEmpty();
		Map<String, Object> backup = Map.of("apiVersion", "postgresql.cnpg.io/v1", "kind", "ScheduledBackup",
				"metadata", Map.of("name", "x"), "spec",
				Map.of("schedule", "0 0 3 * * *", "method", "barmanCloud", "cluster", Map.of("name", "x")));
		assertThat(errors(backup)).isNotEmpty();
	}

	private static boolean validated(Map<String, Object> resource) {
		String apiVersion = (String) resource.get("apiVersion");
		return apiVersion != null && apiVersion.contains("/")
				&& VALIDATED_GROUPS.contains(apiVersion.substring(0, apiVersion.indexOf('/')));
	}

	private static void assertValid(Map<String, Object> resource) {
		assertThat(errors(resource)).as("%s %s", resource.get("kind"), resource.get("metadata")).isEmpty();
	}

	private static List<String> errors(Map<String, Object> resource) {
		String apiVersion = (String) resource.get("apiVersion");
		String file = "/crds/" + apiVersion.replace('/', '_').replaceFirst("_", "_" + resource.get("kind") + "_")
				+ ".json";
		JsonNode crdSchema;
		try (InputStream in = CustomResourceSchemaTests.class.getResourceAsStream(file)) {
			assertThat(in).as("vendored schema " + file).isNotNull();
			crdSchema = JSON.readTree(in);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		strict(crdSchema);
		Schema schema = SchemaRegistry.withDefaultDialect(Dialects.getDraft7()).getSchema(crdSchema);
		List<String> messages = new ArrayList<>();
		for (Error error : schema.validate(JSON.valueToTree(resource))) {
			messages.add(error.getInstanceLocation() + ": " + error.getMessage());
		}
		return messages;
	}

	/**
	 * Closes every object schema that lists its properties, as the API server's pruning
	 * does in effect, unless the CRD keeps unknown fields there on purpose.
	 */
	private static void strict(JsonNode node) {
		if (node instanceof ObjectNode object) {
			if (object.has("properties") && !object.has("additionalProperties")
					&& !object.has("x-kubernetes-preserve-unknown-fields")) {
				object.put("additionalProperties", false);
			}
		}
		node.forEach(CustomResourceSchemaTests::strict);
	}

}
