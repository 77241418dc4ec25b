package io.chatkit.rest.security;

import org.jspecify.annotations.Nullable;

/**
 * What a token's {@code sub} must be to name a user: a JSON string of 1..255 code points
 * of well-formed Unicode without control characters, not all blank. Anything else could
 * be stored differently from how it was sent (a lone surrogate becomes {@code ?} in
 * UTF-8, NUL cannot be stored at all), and two users would then share one id.
 */
final class Subjects {

	static final int MAX_CODE_POINTS = 255;

	private Subjects() {
	}

	/**
	 * Whether a raw claim value, as parsed from the token's JSON, is an acceptable
	 * {@code sub}.
	 * @param sub the claim value (a JSON number arrives as a {@link Number})
	 * @return whether it names a user
	 */
	static boolean valid(@Nullable Object sub) {
		if (!(sub instanceof String text) || text.isBlank()) {
			return false;
		}
		int codePoints = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c) || Character.isISOControl(c)) {
				return false;
			}
			if (++codePoints > MAX_CODE_POINTS) {
				return false;
			}
		}
		return true;
	}

}
