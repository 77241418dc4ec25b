package io.chatkit.rest.tools;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

class ResultLimitTests {

	private static final String EMOJI = "\uD83D\uDE00";

	private final JsonMapper json = JsonMapper.builder().build();

	private ObjectNode result(String title) {
		return this.json.createObjectNode().put("title", title);
	}

	@Test
	void aResultWithinTheLimitInCharactersIsKeptWholeWhateverItsUtf16Length() {
		String text = ResultLimit.fit(this.json, result(EMOJI.repeat(80)), 100);
		assertThat(text).isEqualTo("{\"title\":\"" + EMOJI.repeat(80) + "\"}");
	}

	@Test
	void aLongerResultIsCutToTheLimitInCharactersAndMarked() {
		String text = ResultLimit.fit(this.json, result(EMOJI.repeat(200)), 100);
		assertThat(text.codePointCount(0, text.length())).isLessThanOrEqualTo(100);
		assertThat(this.json.readTree(text).path(ResultLimit.MARKER).asBoolean()).isTrue();
		assertThat(this.json.readTree(text).path("title").asString()).startsWith(EMOJI).doesNotContain("\uFFFD");
	}

}
