package io.chatkit.rest.session;

import io.chatkit.rest.web.ApiException;
import io.chatkit.rest.web.ErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * Checks on user-supplied text that bean validation cannot express: Unicode
 * well-formedness (PostgreSQL stores UTF-8 only) and lengths counted in characters rather
 * than UTF-16 units.
 */
final class TextRules {

	static final int TITLE_MAX = 200;

	static final int AUTO_TITLE_CHARS = 60;

	private TextRules() {
	}

	static @Nullable String optionalTitle(@Nullable String title) {
		if (title == null) {
			return null;
		}
		requireWellFormed("title", title);
		String trimmed = title.strip();
		if (trimmed.codePointCount(0, trimmed.length()) > TITLE_MAX) {
			throw new ApiException(ErrorCode.VALIDATION_FAILED, "title must be at most 200 characters");
		}
		return trimmed.isEmpty() ? null : trimmed;
	}

	static String messageText(@Nullable String text, int maxChars) {
		if (text == null) {
			throw new ApiException(ErrorCode.VALIDATION_FAILED, "text is required");
		}
		requireWellFormed("text", text);
		String trimmed = text.strip();
		if (trimmed.isEmpty()) {
			throw new ApiException(ErrorCode.VALIDATION_FAILED, "text must not be empty");
		}
		int length = trimmed.codePointCount(0, trimmed.length());
		if (length > maxChars) {
			throw new ApiException(ErrorCode.VALIDATION_FAILED,
					"text must be at most " + maxChars + " characters, got " + length);
		}
		return text;
	}

	static String autoTitle(String text) {
		if (text.codePointCount(0, text.length()) <= AUTO_TITLE_CHARS) {
			return text;
		}
		return text.substring(0, text.offsetByCodePoints(0, AUTO_TITLE_CHARS));
	}

	private static void requireWellFormed(String field, String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < value.length()
					&& Character.isLowSurrogate(value.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				throw new ApiException(ErrorCode.VALIDATION_FAILED, field + " contains an unpaired surrogate");
			}
		}
	}

}
