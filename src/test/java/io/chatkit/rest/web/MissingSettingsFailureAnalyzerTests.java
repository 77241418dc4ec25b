package io.chatkit.rest.web;

import java.util.regex.Pattern;

import io.chatkit.rest.ChatkitRestApplication;
import io.chatkit.rest.support.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests that a service started without its required settings names all of them in one
 * line, as a pod with an empty Secret does.
 */
@ExtendWith(OutputCaptureExtension.class)
class MissingSettingsFailureAnalyzerTests {

	@Test
	void withNeitherDatabaseNorJwtSettingsTheOneLineNamesBoth(CapturedOutput output) {
		assertThatThrownBy(() -> new SpringApplicationBuilder(ChatkitRestApplication.class).run("--server.port=0",
				"--management.server.port=0", "--DATABASE_URL=", "--spring.datasource.url=",
				"--chatkit.security.jwt.secret=", "--chatkit.security.jwt.jwks-uri=",
				"--chatkit.limits.file=target/no-limits-file.properties"))
			.isInstanceOf(RuntimeException.class);
		assertThat(lines(output, "Missing settings: DATABASE_URL, JWT_SECRET or JWT_JWKS_URI")).isEqualTo(1);
	}

	@Test
	void withTheDatabaseGivenOnlyTheJwtSettingIsNamed(CapturedOutput output) {
		assertThatThrownBy(() -> RunningService.with().set("chatkit.security.jwt.secret", "").start())
			.isInstanceOf(RuntimeException.class);
		assertThat(lines(output, "Missing settings: JWT_SECRET or JWT_JWKS_URI")).isEqualTo(1);
		assertThat(output.getOut() + output.getErr()).doesNotContain("Missing settings: DATABASE_URL");
	}

	@Test
	void aSettingGivenButInvalidIsReportedAsInvalidNotMissing(CapturedOutput output) {
		assertThatThrownBy(() -> RunningService.with().set("chatkit.security.jwt.secret", "too-short").start())
			.isInstanceOf(RuntimeException.class);
		assertThat(output.getOut() + output.getErr()).contains("JWT_SECRET: must be at least 32 bytes")
			.doesNotContain("Missing settings");
	}

	/**
	 * How many times the text ends a line, in plain or in JSON logs (where the line break
	 * after it is escaped).
	 */
	private static long lines(CapturedOutput output, String text) {
		return Pattern.compile(Pattern.quote(text) + "(\\n|\\\\n)")
			.matcher(output.getOut() + output.getErr())
			.results()
			.count();
	}

}
