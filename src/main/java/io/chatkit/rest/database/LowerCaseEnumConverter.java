package io.chatkit.rest.database;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.persistence.AttributeConverter;
import org.jspecify.annotations.Nullable;

/**
 * A column holding an enum constant as its lower-case name ({@code USER} is
 * {@code user}), the value the schema and the API have always used; a name the enum does
 * not know is refused rather than read as something else.
 *
 * @param <E> the enum
 */
public abstract class LowerCaseEnumConverter<E extends Enum<E>> implements AttributeConverter<E, String> {

	private final Map<String, E> byName;

	protected LowerCaseEnumConverter(Class<E> type) {
		this.byName = Stream.of(type.getEnumConstants())
			.collect(Collectors.toUnmodifiableMap(LowerCaseEnumConverter::name, Function.identity()));
	}

	/**
	 * The stored (and wire) name of a constant.
	 * @param value the constant
	 * @return its lower-case name
	 */
	public static String name(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

	@Override
	public @Nullable String convertToDatabaseColumn(@Nullable E value) {
		return (value != null) ? name(value) : null;
	}

	@Override
	public @Nullable E convertToEntityAttribute(@Nullable String value) {
		if (value == null) {
			return null;
		}
		E constant = this.byName.get(value);
		if (constant == null) {
			throw new IllegalArgumentException("Unknown stored value '" + value + "'");
		}
		return constant;
	}

}
