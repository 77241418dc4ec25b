package io.chatkit.rest.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.chatkit.rest.deploy.ChartRender.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

import static io.chatkit.rest.deploy.ChartRender.castList;
import static io.chatkit.rest.deploy.ChartRender.castMap;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@code k8s/}: the per-environment values render the chart, and the cluster
 * files describe what the chart relies on without holding any secret.
 */
class EnvironmentsTests {

	private static final Path ENVIRONMENTS = Path.of("k8s", "environments");

	static Stream<Path> valuesFiles() throws IOException {
		try (Stream<Path> environments = Files.list(ENVIRONMENTS)) {
			return environments.map((environment) -> environment.resolve("values.yaml")).sorted().toList().stream();
		}
	}

	@ParameterizedTest
	@MethodSource("valuesFiles")
	void eachEnvironmentsValuesRenderDeterministically(Path valuesFile) {
		ChartRender render = ChartRender.withValues(valuesFile);
		assertThat(render.kinds()).contains("Service", "ConfigMap", "Ingress", "NetworkPolicy", "PodDisruptionBudget");
		assertThat(render.kinds()).doesNotContain("Secret");
		assertThat(ChartRender.withValues(valuesFile).text()).isEqualTo(render.text());
		Map<String, String> secretRefs = HelmChartTests.secretRefs(render);
		assertThat(secretRefs).containsEntry("SPRING_DATASOURCE_PASSWORD", "chatkit-pg-app")
			.containsEntry("SPRING_DATASOURCE_USERNAME", "chatkit-pg-app")
			.containsEntry("JWT_SECRET", "chatkit-rest-secrets");
		assertThat(render.single("ConfigMap", "chatkit-rest-config").map("data").get("SPRING_DATASOURCE_URL"))
			.isEqualTo("jdbc:postgresql://chatkit-pg-pooler-rw." + namespaceOf(valuesFile)
					+ ".svc:5432/chatkit?prepareThreshold=0");
	}

	@ParameterizedTest
	@MethodSource("valuesFiles")
	void everyPodsHikariPoolFitsThroughThePoolerAndThePoolerFitsPostgresMaxConnections(Path valuesFile)
			throws IOException {
		ChartRender render = ChartRender.withValues(valuesFile);
		int pool = Integer.parseInt((String) render.single("ConfigMap", "chatkit-rest-config")
			.map("data")
			.get("SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE"));
		List<Map<String, Object>> documents = load(valuesFile.resolveSibling("postgres-cluster.yaml"));
		Map<String, Object> pooler = castMap(ofKind(documents, "Pooler").get("spec"));
		Map<String, Object> pgbouncer = castMap(pooler.get("pgbouncer"));
		Map<String, Object> parameters = castMap(pgbouncer.get("parameters"));
		int poolers = (Integer) pooler.get("instances");
		int maxConnections = Integer.parseInt((String) castMap(
				castMap(castMap(ofKind(documents, "Cluster").get("spec")).get("postgresql")).get("parameters"))
			.get("max_connections"));
		// superuser_reserved_connections (3) plus the operator's own sessions
		int reserved = 10;
		int pods = maxPods(render);
		assertThat(pgbouncer).containsEntry("poolMode", "transaction");
		assertThat(pods * pool).as("%d pods x %d connections through PgBouncer", pods, pool)
			.isLessThanOrEqualTo(Integer.parseInt((String) parameters.get("max_client_conn")));
		assertThat(poolers * Integer.parseInt((String) parameters.get("default_pool_size")))
			.as("server connections of %d PgBouncer pods", poolers)
			.isLessThanOrEqualTo(maxConnections - reserved);
	}

	@Test
	void productionRunsACanaryOfAtLeastTwoPodsWithMonitoringAndTheDefaultLimits() {
		ChartRender render = ChartRender.withValues(ENVIRONMENTS.resolve("production/values.yaml"));
		assertThat(render.kinds()).doesNotContain("Deployment")
			.contains("Rollout", "AnalysisTemplate", "HorizontalPodAutoscaler", "PodDisruptionBudget", "ServiceMonitor",
					"PrometheusRule");
		assertThat(render.single("Rollout").map("spec")).doesNotContainKey("replicas");
		assertThat((Integer) render.single("HorizontalPodAutoscaler").get("spec", "minReplicas"))
			.isGreaterThanOrEqualTo(2);
		assertThat(render.single("ConfigMap", "chatkit-rest-limits").map("data").get("limits.properties").toString())
			.contains("rate-limit.requests-per-minute=30\n")
			.contains("budget.daily-usd=10\n");
		assertThat(castMap(castList(render.single("Ingress").get("spec", "rules")).get(0)).get("host"))
			.isEqualTo("api.chatkit.example.com");
		assertThat(render.single("ConfigMap", "chatkit-rest-config").map("data")).containsEntry("SENTRY_ENVIRONMENT",
				"production");
	}

	@ParameterizedTest
	@ValueSource(strings = { "staging", "production" })
	void thePostgresClusterIsReplicatedAndBackedUpToS3WithCredentialsFromASecret(String environment)
			throws IOException {
		List<Map<String, Object>> documents = load(ENVIRONMENTS.resolve(environment).resolve("postgres-cluster.yaml"));
		Map<String, Object> cluster = ofKind(documents, "Cluster");
		assertThat(cluster.get("apiVersion")).isEqualTo("postgresql.cnpg.io/v1");
		assertThat(namespace(cluster)).isEqualTo("chatkit-" + environment);
		Map<String, Object> spec = castMap(cluster.get("spec"));
		assertThat((Integer) spec.get("instances")).isGreaterThanOrEqualTo(environment.equals("production") ? 3 : 2);
		assertThat(spec).doesNotContainKey("backup");
		assertThat((String) spec.get("imageName")).contains("-standard-");
		Map<String, Object> plugin = castMap(castList(spec.get("plugins")).get(0));
		assertThat(plugin).containsEntry("name", "barman-cloud.cloudnative-pg.io").containsEntry("isWALArchiver", true);
		Map<String, Object> objectStore = ofKind(documents, "ObjectStore");
		assertThat(objectStore.get("apiVersion")).isEqualTo("barmancloud.cnpg.io/v1");
		assertThat(castMap(plugin.get("parameters"))).containsEntry("barmanObjectName",
				castMap(objectStore.get("metadata")).get("name"));
		Map<String, Object> store = castMap(castMap(objectStore.get("spec")).get("configuration"));
		assertThat((String) store.get("destinationPath")).startsWith("s3://");
		Map<String, Object> credentials = castMap(store.get("s3Credentials"));
		assertThat(castMap(credentials.get("accessKeyId"))).containsEntry("name", "chatkit-pg-backup-s3");
		assertThat(castMap(credentials.get("secretAccessKey"))).containsEntry("name", "chatkit-pg-backup-s3");
		Map<String, Object> scheduled = castMap(ofKind(documents, "ScheduledBackup").get("spec"));
		assertThat(scheduled).containsEntry("method", "plugin")
			.containsEntry("pluginConfiguration", Map.of("name", "barman-cloud.cloudnative-pg.io"));
		assertThat(castMap(scheduled.get("cluster"))).containsEntry("name", "chatkit-pg");
		assertThat(documents)
			.allSatisfy((document) -> assertThat(namespace(document)).isEqualTo("chatkit-" + environment));
	}

	@ParameterizedTest
	@ValueSource(strings = { "staging", "production" })
	void redisIsReplicatedAndWatchedBySentinel(String environment) throws IOException {
		List<Map<String, Object>> documents = load(ENVIRONMENTS.resolve(environment).resolve("redis.yaml"));
		Map<String, Object> replication = ofKind(documents, "RedisReplication");
		assertThat((String) replication.get("apiVersion")).startsWith("redis.redis.opstreelabs.in/");
		assertThat((Integer) castMap(replication.get("spec")).get("clusterSize")).isGreaterThanOrEqualTo(2);
		Map<String, Object> sentinel = ofKind(documents, "RedisSentinel");
		assertThat(castMap(castMap(sentinel.get("spec")).get("redisSentinelConfig")))
			.containsEntry("redisReplicationName", "chatkit-redis");
		assertThat(namespace(replication)).isEqualTo(namespace(sentinel)).isEqualTo("chatkit-" + environment);
	}

	@Test
	void bothNamespacesEnforceTheRestrictedPodSecurityStandard() throws IOException {
		List<Map<String, Object>> namespaces = load(Path.of("k8s", "namespace.yaml"));
		assertThat(namespaces).extracting((namespace) -> castMap(namespace.get("metadata")).get("name"))
			.containsExactly("chatkit-staging", "chatkit-production");
		assertThat(namespaces)
			.allSatisfy((namespace) -> assertThat(castMap(castMap(namespace.get("metadata")).get("labels")))
				.containsEntry("pod-security.kubernetes.io/enforce", "restricted"));
	}

	@Test
	void noClusterFileDefinesASecret() throws IOException {
		try (Stream<Path> files = Files.walk(Path.of("k8s"))) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".yaml")).toList()) {
				assertThat(load(file)).as(file.toString())
					.noneMatch((document) -> "Secret".equals(document.get("kind")));
			}
		}
	}

	@Test
	void theRestrictedProfileAdmitsTheChartsPods() {
		ChartRender render = ChartRender.withValues(ENVIRONMENTS.resolve("production/values.yaml"));
		Map<String, Object> spec = castMap(render.podTemplate().get("spec"));
		assertThat(spec).doesNotContainKeys("hostNetwork", "hostPID", "hostIPC");
		assertThat(castList(spec.get("volumes"))).allSatisfy((volume) -> assertThat(castMap(volume))
			.containsAnyOf(Map.entry("name", "tmp"), Map.entry("name", "limits")));
		Document networkPolicy = render.single("NetworkPolicy");
		assertThat(networkPolicy.get("spec", "policyTypes")).isEqualTo(List.of("Ingress", "Egress"));
	}

	/**
	 * The most pods the workload can run at once: the HPA's maximum (or the replica
	 * count) plus the rollout's surge.
	 */
	private static int maxPods(ChartRender render) {
		Object hpaMax = render.ofKind("HorizontalPodAutoscaler")
			.stream()
			.map((hpa) -> hpa.get("spec", "maxReplicas"))
			.findFirst()
			.orElse(null);
		int replicas = (hpaMax != null) ? (Integer) hpaMax
				: (Integer) render.ofKind("Deployment").get(0).get("spec", "replicas");
		List<ChartRender.Document> workloads = new ArrayList<>(render.ofKind("Deployment"));
		workloads.addAll(render.ofKind("Rollout"));
		Object surge = workloads.get(0).get("spec", "strategy", "rollingUpdate", "maxSurge");
		if (surge == null) {
			surge = workloads.get(0).get("spec", "strategy", "canary", "maxSurge");
		}
		int percent = Integer.parseInt(((String) surge).replace("%", ""));
		return replicas + (int) Math.ceil(replicas * percent / 100.0);
	}

	private static String namespaceOf(Path valuesFile) {
		return "chatkit-" + valuesFile.getParent().getFileName();
	}

	static List<Map<String, Object>> load(Path file) throws IOException {
		List<Map<String, Object>> documents = new ArrayList<>();
		for (Object document : new Yaml().loadAll(Files.readString(file))) {
			if (document != null) {
				documents.add(castMap(document));
			}
		}
		return documents;
	}

	private static Map<String, Object> ofKind(List<Map<String, Object>> documents, String kind) {
		return documents.stream().filter((document) -> kind.equals(document.get("kind"))).findFirst().orElseThrow();
	}

	private static Object namespace(Map<String, Object> document) {
		return castMap(document.get("metadata")).get("namespace");
	}

}
