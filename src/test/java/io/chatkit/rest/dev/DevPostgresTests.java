package io.chatkit.rest.dev;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class DevPostgresTests {

	@Test
	void probingForDockerSaysWhichWayItWentInOneInfoLineWithoutTestcontainersErrors(CapturedOutput output) {
		boolean available = DevPostgres.dockerAvailable();
		assertThat(output.getOut() + output.getErr()).doesNotContain("ERROR")
			.doesNotContain("Could not find a valid Docker environment")
			.doesNotContain("org.testcontainers");
		assertThat(output.getOut().lines().filter((line) -> line.contains("Docker"))).singleElement()
			.asString()
			.contains("INFO")
			.contains(available ? "Docker found" : "No Docker engine found");
	}

}
