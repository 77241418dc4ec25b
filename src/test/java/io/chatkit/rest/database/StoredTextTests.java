package io.chatkit.rest.database;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class StoredTextTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final List<String> ODD = List.of("nul\u0000here", "\u0000", "private \uE000 use", "\uE000\u0000",
			"lone \ud800 high", "lone \udc00 low", "\udc00\ud800", "pair 😀 ok", "\uE000u0041", "end\uE000");

	@Test
	void everyStringComesBackAsItWas() {
		for (String value : ODD) {
			assertThat(StoredText.unescape(StoredText.escape(value))).isEqualTo(value);
		}
	}

	@Test
	void theStoredFormHasNoNulAndNoLoneSurrogate() {
		for (String value : ODD) {
			String stored = StoredText.escape(value);
			assertThat(stored).doesNotContain("\u0000");
			assertThat(stored.codePoints().noneMatch((c) -> Character.isSurrogate((char) c) && c < 0x10000)).isTrue();
		}
	}

	@Test
	void ordinaryTextIsStoredUnchanged() {
		assertThat(StoredText.escape("plain text, emoji 😀, Ünïcödé")).isEqualTo("plain text, emoji 😀, Ünïcödé");
		assertThat(StoredText.unescape("plain")).isEqualTo("plain");
	}

	@Test
	void jsonKeepsItsStringsThroughAJsonbColumn() {
		JsonColumnConverter converter = new JsonColumnConverter();
		String json = "{\"na\\u0000me\":\"a\\u0000b\",\"list\":[\"\\ud800\",1,true,null],\"n\":{\"x\":\"\\ue000\"}}";
		String stored = converter.convertToDatabaseColumn(json);
		assertThat(stored).doesNotContain("\\u0000", "\u0000", "\ud800");
		assertThat(JSON.readTree(converter.convertToEntityAttribute(stored))).isEqualTo(JSON.readTree(json));
	}

}
