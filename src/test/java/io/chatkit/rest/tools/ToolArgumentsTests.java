package io.chatkit.rest.tools;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ToolArgumentsTests {

	private static final String EMOJI = "\uD83D\uDE00";

	private final JsonMapper json = JsonMapper.builder().build();

	private ToolArguments arguments(String title) {
		return new ToolArguments(this.json.createObjectNode().put("title", title));
	}

	@Test
	void aTitleOfAsManyEmojiAsTheLimitIsAccepted() {
		String title = EMOJI.repeat(ToolArguments.MAX_TITLE);
		assertThat(arguments(title).requiredText("title", ToolArguments.MAX_TITLE)).isEqualTo(title);
	}

	@Test
	void paddingDoesNotCountTowardsTheLimit() {
		String title = "t".repeat(ToolArguments.MAX_TITLE - 1);
		assertThat(arguments("   " + title + "\n ").requiredText("title", ToolArguments.MAX_TITLE)).isEqualTo(title);
	}

	@Test
	void oneCharacterOverTheLimitIsRefusedWithTheLimitNamed() {
		ToolArguments arguments = arguments(EMOJI.repeat(ToolArguments.MAX_TITLE + 1));
		assertThatExceptionOfType(ToolFailure.class)
			.isThrownBy(() -> arguments.requiredText("title", ToolArguments.MAX_TITLE))
			.withMessage("'title' is longer than 500 characters");
	}

}
