package io.chatkit.rest.observability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.chatkit.rest.llm.FakeOpenRouter;
import io.chatkit.rest.llm.FakeOpenRouter.Reply;
import io.chatkit.rest.llm.FakeOpenRouter.ToolCall;
import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.ServiceIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every metric the Grafana dashboards and the alert rules query is exposed by the running
 * service at {@code /actuator/prometheus} after ordinary traffic, so no panel or alert is
 * blind.
 */
@ServiceIntegrationTest
@TestPropertySource(properties = "chatkit.llm.api-key=sk-test")
@DirtiesContext
class MetricNamesIntegrationTests {

	private static final Pattern METRIC = Pattern
		.compile("\\b((?:chatkit|http_server|jvm|hikaricp|process|system|tomcat|executor)_[a-z0-9_]+)\\b");

	static final FakeOpenRouter fake = FakeOpenRouter.start();

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@DynamicPropertySource
	static void upstream(DynamicPropertyRegistry registry) {
		registry.add("chatkit.llm.base-url", fake::baseUrl);
	}

	@AfterAll
	static void stopFake() {
		fake.close();
	}

	@Test
	void everyMetricInDashboardsAndAlertRulesIsExposedAfterTraffic() throws IOException {
		Set<String> used = new TreeSet<>();
		used.addAll(metricsIn(Path.of("grafana/dashboards")));
		used.addAll(metricsIn(Path.of("grafana/alerts")));
		assertThat(used).contains("chatkit_budget_spent_usd", "chatkit_llm_cost_usd_total",
				"http_server_requests_seconds_bucket");

		ApiClient api = new ApiClient(this.port);
		String token = JwtTokens.newUser();
		String session = api.post("/api/v1/chatkit/sessions", token, null).json().path("data").path("id").asString();
		fake.enqueue(Reply.toolCalls(new ToolCall("call_1", "add_task", "{\"title\":\"milk\"}")),
				Reply.text("Added ", "milk."));
		assertThat(
				api.post("/api/v1/chatkit/sessions/" + session + "/messages", token, "{\"text\":\"add milk\"}").body())
			.contains("event: done");
		api.get("/api/v1/chatkit/sessions", token);

		// GC pause metrics appear with the first collection, which a short test may not
		// see by itself
		System.gc();
		ApiClient management = new ApiClient(this.managementPort);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(exposedNames(management)).as("metrics exposed at /actuator/prometheus")
				.containsAll(used));
		assertThat(management.get("/actuator/prometheus", null).body()).contains("application=\"chatkit-rest\"");
	}

	@Test
	void requestLatencyPublishesOnlyTheServiceLevelBucketsTheAlertsAndCanaryUse() {
		ApiClient api = new ApiClient(this.port);
		String token = JwtTokens.newUser();
		api.get("/api/v1/chatkit/sessions", token);
		String scrape = new ApiClient(this.managementPort).get("/actuator/prometheus", null).body();
		List<String> buckets = scrape.lines()
			.filter((line) -> line.startsWith("http_server_requests_seconds_bucket{"))
			.filter((line) -> line.contains("uri=\"/api/v1/chatkit/sessions\"") && line.contains("method=\"GET\"")
					&& line.contains("status=\"200\""))
			.map((line) -> line.replaceAll(".*le=\"([^\"]+)\".*", "$1"))
			.toList();
		assertThat(buckets).containsExactly("0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "+Inf");
	}

	private static Set<String> exposedNames(ApiClient management) {
		Set<String> exposed = new TreeSet<>();
		management.get("/actuator/prometheus", null)
			.body()
			.lines()
			.filter((line) -> !line.startsWith("#") && !line.isBlank())
			.map((line) -> line.split("[{ ]", 2)[0])
			.forEach(exposed::add);
		return exposed;
	}

	private static Set<String> metricsIn(Path dir) throws IOException {
		Set<String> names = new TreeSet<>();
		try (Stream<Path> files = Files.walk(dir)) {
			for (Path file : files.filter(Files::isRegularFile)
				.filter((f) -> !f.toString().contains("/tests/"))
				.toList()) {
				Matcher matcher = METRIC.matcher(Files.readString(file));
				while (matcher.find()) {
					names.add(matcher.group(1));
				}
			}
		}
		return names;
	}

}
