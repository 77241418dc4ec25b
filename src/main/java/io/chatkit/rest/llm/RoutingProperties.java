package io.chatkit.rest.llm;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where rounds go when a model or the primary upstream fails: OpenRouter's model
 * fallbacks and provider preferences, and a second OpenAI-compatible upstream behind a
 * circuit breaker. Kept apart from {@link LlmProperties} (same prefix) because it is a
 * feature of its own.
 *
 * @param fallbackModels slugs OpenRouter tries, in order, after
 * {@code chatkit.llm.model}; sent as the {@code models} array when not empty
 * @param provider OpenRouter's provider routing preferences
 * @param secondary the upstream used when the primary fails before the first token
 * @param breaker when to stop asking the primary
 */
@Validated
@ConfigurationProperties("chatkit.llm")
record RoutingProperties(@DefaultValue List<String> fallbackModels, @DefaultValue @Valid Provider provider,
		@DefaultValue @Valid Secondary secondary, @DefaultValue @Valid Breaker breaker) {

	/** No fallbacks, no preferences, no secondary: what binding no properties gives. */
	static final RoutingProperties NONE = new Binder().bindOrCreate("chatkit.llm", RoutingProperties.class);

	RoutingProperties {
		// an empty OPENROUTER_FALLBACK_MODELS or a trailing comma names no model
		fallbackModels = fallbackModels.stream().map(String::strip).filter((slug) -> !slug.isEmpty()).toList();
	}

	/**
	 * OpenRouter's {@code provider} object; unset parts are left out of the request so
	 * OpenRouter's own defaults apply.
	 *
	 * @param order provider slugs to try first, in order
	 * @param allowFallbacks whether providers outside {@code order} may serve the request
	 * @param dataCollection whether providers that store prompts may be used
	 * @param zdr only providers with a zero-data-retention policy
	 * @param sort how to rank providers
	 */
	record Provider(@DefaultValue List<@NotBlank String> order, @Nullable Boolean allowFallbacks,
			@Nullable DataCollection dataCollection, @Nullable Boolean zdr, @Nullable Sort sort) {

		Provider {
			order = List.copyOf(order);
		}

		boolean isEmpty() {
			return this.order.isEmpty() && this.allowFallbacks == null && this.dataCollection == null
					&& this.zdr == null && this.sort == null;
		}

	}

	/**
	 * OpenRouter's {@code provider.data_collection} values.
	 */
	enum DataCollection {

		ALLOW, DENY

	}

	/**
	 * OpenRouter's {@code provider.sort} values.
	 */
	enum Sort {

		PRICE, THROUGHPUT, LATENCY

	}

	/**
	 * A second OpenAI-compatible upstream; unused unless its base URL, key and model are
	 * all set.
	 *
	 * @param baseUrl OpenAI-compatible base URL, {@code /chat/completions} is appended
	 * @param apiKey its bearer key
	 * @param model the model slug it is asked for
	 * @param providerName the {@code gen_ai.provider.name} of its spans
	 */
	record Secondary(@Nullable String baseUrl, @Nullable String apiKey, @Nullable String model,
			@DefaultValue("openai") @NotBlank String providerName) {

		boolean configured() {
			return this.baseUrl != null && !this.baseUrl.isBlank() && this.apiKey != null && !this.apiKey.isBlank()
					&& this.model != null && !this.model.isBlank();
		}

	}

	/**
	 * The circuit breaker in front of the primary upstream when a secondary is set.
	 *
	 * @param failures consecutive rounds the primary failed before their first token that
	 * open the breaker
	 * @param openFor how long rounds go straight to the secondary before one trial round
	 * is let through to the primary
	 */
	record Breaker(@DefaultValue("5") @Min(1) @Max(100) int failures, @DefaultValue("30s") @NotNull Duration openFor) {
	}

}
