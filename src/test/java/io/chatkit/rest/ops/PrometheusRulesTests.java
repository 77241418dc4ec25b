package io.chatkit.rest.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules in {@code grafana/alerts} are valid and every promtool unit test
 * passes.
 */
class PrometheusRulesTests {

	private static final String HINT = "run .ci/run, or apt-get install prometheus";

	@Test
	void ruleFilesAreValid() throws Exception {
		String promtool = ExternalTool.require("promtool", HINT);
		List<String> command = new ArrayList<>(List.of(promtool, "check", "rules"));
		command.addAll(files(Path.of("grafana/alerts")));
		ExternalTool.Result result = ExternalTool.run(command, 120);
		assertThat(result.exitCode()).as(result.output()).isZero();
	}

	@Test
	void everyRuleUnitTestPasses() throws Exception {
		String promtool = ExternalTool.require("promtool", HINT);
		List<String> command = new ArrayList<>(List.of(promtool, "test", "rules"));
		command.addAll(files(Path.of("grafana/alerts/tests")));
		ExternalTool.Result result = ExternalTool.run(command, 300);
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS");
	}

	private static List<String> files(Path dir) throws IOException {
		try (Stream<Path> paths = Files.list(dir)) {
			List<String> files = paths.filter((p) -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
				.map(Path::toString)
				.sorted()
				.toList();
			assertThat(files).as("rule files in " + dir).isNotEmpty();
			return files;
		}
	}

}
