package io.chatkit.rest.database;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * A {@code jsonb} column that holds any JSON text verbatim: {@code jsonb} refuses
 * {@code \u0000} and lone surrogates, so every string (keys included) is stored in its
 * {@link StoredText} form and read back as it was.
 */
@Converter
public class JsonColumnConverter implements AttributeConverter<String, String> {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Override
	public String convertToDatabaseColumn(String value) {
		return map(value, StoredText::escape);
	}

	@Override
	public String convertToEntityAttribute(String value) {
		return map(value, StoredText::unescape);
	}

	private static @Nullable String map(@Nullable String value, UnaryOperator<String> strings) {
		if (value == null) {
			return null;
		}
		try {
			return JSON.writeValueAsString(map(JSON.readTree(value), strings));
		}
		catch (JacksonException ex) {
			return value;
		}
	}

	private static JsonNode map(JsonNode node, UnaryOperator<String> strings) {
		if (node.isString()) {
			return StringNode.valueOf(strings.apply(node.asString()));
		}
		if (node instanceof ArrayNode array) {
			ArrayNode mapped = JSON.createArrayNode();
			array.forEach((element) -> mapped.add(map(element, strings)));
			return mapped;
		}
		if (node instanceof ObjectNode object) {
			ObjectNode mapped = JSON.createObjectNode();
			List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(object.properties());
			fields.forEach((field) -> mapped.set(strings.apply(field.getKey()), map(field.getValue(), strings)));
			return mapped;
		}
		return node;
	}

}
