package io.chatkit.rest.session;

import io.chatkit.rest.web.ApiException;
import io.chatkit.rest.web.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link TextRules}: well-formed Unicode and lengths counted in characters.
 */
class TextRulesTests {

	private static final String EMOJI = "😀";

	@Test
	void aMissingTitleStaysMissing() {
		assertThat(TextRules.optionalTitle(null)).isNull();
	}

	@Test
	void aTitleIsStrippedAndABlankOneCountsAsNone() {
		assertThat(TextRules.optionalTitle("  Einkaufsliste \n")).isEqualTo("Einkaufsliste");
		assertThat(TextRules.optionalTitle(" \t ")).isNull();
	}

	@Test
	void aTitleOfTwoHundredCharactersOutsideTheBmpIsAllowed() {
		String title = EMOJI.repeat(TextRules.TITLE_MAX);
		assertThat(title.length()).isEqualTo(400);
		assertThat(TextRules.optionalTitle(title)).isEqualTo(title);
	}

	@Test
	void aTitleOfTwoHundredAndOneCharactersIsRefused() {
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> TextRules.optionalTitle("é".repeat(TextRules.TITLE_MAX + 1)))
			.withMessage("title must be at most 200 characters")
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
	}

	@Test
	void unpairedSurrogatesAreRefusedWhereverTheyStand() {
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> TextRules.optionalTitle("a\uD83D"))
			.withMessage("title contains an unpaired surrogate");
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> TextRules.messageText("\uDE00b", 10))
			.withMessage("text contains an unpaired surrogate");
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> TextRules.messageText("x\uDE00\uD83Dy", 10))
			.withMessage("text contains an unpaired surrogate");
	}

	@Test
	void messageTextIsRequiredAndMustNotBeBlank() {
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> TextRules.messageText(null, 10))
			.withMessage("text is required");
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> TextRules.messageText(" \n\t", 10))
			.withMessage("text must not be empty");
	}

	@Test
	void messageTextIsKeptAsSentWhileItsLengthIsCountedStripped() {
		assertThat(TextRules.messageText("  hallo  ", 5)).isEqualTo("  hallo  ");
	}

	@Test
	void messageTextLengthCountsCharactersAndNamesTheCount() {
		assertThat(TextRules.messageText(EMOJI.repeat(3), 3)).isEqualTo(EMOJI.repeat(3));
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> TextRules.messageText(EMOJI.repeat(4), 3))
			.withMessage("text must be at most 3 characters, got 4");
	}

	@Test
	void anAutoTitleIsTheFirstSixtyCharactersWithoutSplittingAPair() {
		String text = "a" + EMOJI.repeat(70);
		String title = TextRules.autoTitle(text);
		assertThat(title.codePointCount(0, title.length())).isEqualTo(TextRules.AUTO_TITLE_CHARS);
		assertThat(title).isEqualTo("a" + EMOJI.repeat(59));
	}

	@Test
	void aShortTextIsItsOwnAutoTitle() {
		assertThat(TextRules.autoTitle("Was steht heute an?")).isEqualTo("Was steht heute an?");
		String sixty = EMOJI.repeat(TextRules.AUTO_TITLE_CHARS);
		assertThat(TextRules.autoTitle(sixty)).isSameAs(sixty);
	}

}
