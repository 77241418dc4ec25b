package io.chatkit.rest.session;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Lets text columns hold any Java string verbatim. PostgreSQL {@code text} cannot store
 * U+0000, so NUL is written as U+E000 followed by {@code 0}, and U+E000 itself is
 * doubled; ordinary text is stored unchanged and stays readable to operators' queries.
 */
@Converter
class TextColumnConverter implements AttributeConverter<String, String> {

	private static final char ESCAPE = '\uE000';

	@Override
	public String convertToDatabaseColumn(String value) {
		if (value == null || (value.indexOf('\0') < 0 && value.indexOf(ESCAPE) < 0)) {
			return value;
		}
		StringBuilder out = new StringBuilder(value.length() + 8);
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\0') {
				out.append(ESCAPE).append('0');
			}
			else if (c == ESCAPE) {
				out.append(ESCAPE).append(ESCAPE);
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}

	@Override
	public String convertToEntityAttribute(String value) {
		if (value == null || value.indexOf(ESCAPE) < 0) {
			return value;
		}
		StringBuilder out = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == ESCAPE && i + 1 < value.length()) {
				char next = value.charAt(++i);
				out.append((next == '0') ? '\0' : next);
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}

}
