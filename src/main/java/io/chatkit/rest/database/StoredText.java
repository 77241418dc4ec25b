package io.chatkit.rest.database;

import java.util.HexFormat;

/**
 * Lets PostgreSQL {@code text} and {@code jsonb} hold any Java string verbatim. Neither
 * can store U+0000, and a lone surrogate has no UTF-8 form (the driver would write
 * {@code ?}), so NUL is written as U+E000 followed by {@code 0}, a lone surrogate as
 * U+E000, {@code u} and its four hex digits, and U+E000 itself is doubled. Ordinary text
 * is stored unchanged and stays readable to operators' queries; rows written before lone
 * surrogates were escaped read back the same.
 */
public final class StoredText {

	private static final char ESCAPE = '\uE000';

	private StoredText() {
	}

	/**
	 * The form of a string a column can hold.
	 * @param value any string
	 * @return the stored form
	 */
	public static String escape(String value) {
		if (value == null || !needsEscape(value)) {
			return value;
		}
		StringBuilder out = new StringBuilder(value.length() + 8);
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < value.length()
					&& Character.isLowSurrogate(value.charAt(i + 1))) {
				out.append(c).append(value.charAt(++i));
			}
			else if (c == '\0') {
				out.append(ESCAPE).append('0');
			}
			else if (c == ESCAPE) {
				out.append(ESCAPE).append(ESCAPE);
			}
			else if (Character.isSurrogate(c)) {
				out.append(ESCAPE).append('u').append(HexFormat.of().toHexDigits(c));
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}

	/**
	 * The string a stored form stands for.
	 * @param value what the column holds
	 * @return the original string
	 */
	public static String unescape(String value) {
		if (value == null || value.indexOf(ESCAPE) < 0) {
			return value;
		}
		StringBuilder out = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c != ESCAPE || i + 1 >= value.length()) {
				out.append(c);
				continue;
			}
			char next = value.charAt(++i);
			if (next == '0') {
				out.append('\0');
			}
			else if (next == 'u' && i + 4 < value.length()) {
				out.append((char) HexFormat.fromHexDigits(value, i + 1, i + 5));
				i += 4;
			}
			else {
				out.append(next);
			}
		}
		return out.toString();
	}

	private static boolean needsEscape(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\0' || c == ESCAPE) {
				return true;
			}
			if (Character.isHighSurrogate(c) && i + 1 < value.length()
					&& Character.isLowSurrogate(value.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return true;
			}
		}
		return false;
	}

}
