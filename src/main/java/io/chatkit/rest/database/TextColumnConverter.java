package io.chatkit.rest.database;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * A {@code text} column that holds any Java string verbatim ({@link StoredText}).
 */
@Converter
public class TextColumnConverter implements AttributeConverter<String, String> {

	@Override
	public String convertToDatabaseColumn(String value) {
		return StoredText.escape(value);
	}

	@Override
	public String convertToEntityAttribute(String value) {
		return StoredText.unescape(value);
	}

}
