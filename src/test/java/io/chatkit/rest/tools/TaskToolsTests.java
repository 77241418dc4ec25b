package io.chatkit.rest.tools;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class TaskToolsTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void switchedOffToolsAreNotOfferedAndDoNotRun() {
		TaskTools tools = new TaskTools(null, this.json, new ToolsProperties(false, 16, 16000));
		assertThat(tools.definitions()).isEmpty();
		ToolResult result = tools.run("alice", "add_task", this.json.readTree("{\"title\":\"x\"}"));
		assertThat(result.ok()).isFalse();
		assertThat(result.resultJson()).contains("error");
	}

}
