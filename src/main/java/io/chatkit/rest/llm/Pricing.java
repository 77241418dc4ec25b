package io.chatkit.rest.llm;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Turns a usage chunk into tokens and US dollars: the upstream's {@code cost} when it
 * sends one, else the configured price of the model.
 */
final class Pricing {

	private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

	private final Map<String, LlmProperties.Price> prices;

	Pricing(Map<String, LlmProperties.Price> prices) {
		this.prices = prices;
	}

	LlmUsage usage(String model, JsonNode usage) {
		if (usage == null || !usage.isObject()) {
			return LlmUsage.UNKNOWN;
		}
		Integer prompt = number(usage.path("prompt_tokens"));
		Integer completion = number(usage.path("completion_tokens"));
		JsonNode cost = usage.path("cost");
		BigDecimal costUsd = cost.isNumber() ? cost.decimalValue() : priced(model, prompt, completion);
		return new LlmUsage(prompt, completion, costUsd);
	}

	/**
	 * What the given tokens would cost at the model's configured price.
	 * @return USD, or {@code null} when the model has no price
	 */
	@Nullable BigDecimal estimate(String model, long promptTokens, long completionTokens) {
		LlmProperties.Price price = this.prices.get(model);
		if (price == null) {
			return null;
		}
		return price.promptPerMillion()
			.multiply(BigDecimal.valueOf(promptTokens))
			.add(price.completionPerMillion().multiply(BigDecimal.valueOf(completionTokens)))
			.divide(MILLION, MathContext.DECIMAL64);
	}

	private @Nullable BigDecimal priced(String model, @Nullable Integer prompt, @Nullable Integer completion) {
		LlmProperties.Price price = this.prices.get(model);
		if (price == null || (prompt == null && completion == null)) {
			return null;
		}
		BigDecimal total = price.promptPerMillion()
			.multiply(BigDecimal.valueOf((prompt != null) ? prompt : 0))
			.add(price.completionPerMillion().multiply(BigDecimal.valueOf((completion != null) ? completion : 0)));
		return total.divide(MILLION, MathContext.DECIMAL64);
	}

	private static @Nullable Integer number(JsonNode node) {
		return node.isNumber() ? Integer.valueOf(node.intValue()) : null;
	}

}
