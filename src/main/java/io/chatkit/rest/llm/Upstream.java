package io.chatkit.rest.llm;

import java.net.URI;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One OpenAI-compatible endpoint a round can be sent to, with what its requests carry.
 *
 * @param route primary or secondary
 * @param endpoint the {@code /chat/completions} URL
 * @param apiKey its bearer key
 * @param model the model asked for
 * @param fallbackModels OpenRouter's model fallbacks, empty for none
 * @param provider OpenRouter's provider preferences, {@code null} for none
 * @param providerName the {@code gen_ai.provider.name} of its spans
 */
record Upstream(UpstreamRoute route, URI endpoint, String apiKey, String model, List<String> fallbackModels,
		RoutingProperties.@Nullable Provider provider, String providerName) {

	static Upstream primary(LlmProperties properties, RoutingProperties routing) {
		return new Upstream(UpstreamRoute.PRIMARY, endpoint(properties.baseUrl()),
				(properties.apiKey() != null) ? properties.apiKey() : "", properties.model(), routing.fallbackModels(),
				routing.provider(), "openrouter");
	}

	static @Nullable Upstream secondary(RoutingProperties routing) {
		RoutingProperties.Secondary secondary = routing.secondary();
		if (!secondary.configured()) {
			return null;
		}
		return new Upstream(UpstreamRoute.SECONDARY, endpoint(String.valueOf(secondary.baseUrl())),
				String.valueOf(secondary.apiKey()), String.valueOf(secondary.model()), List.of(), null,
				secondary.providerName());
	}

	private static URI endpoint(String baseUrl) {
		return URI.create(baseUrl.replaceAll("/+$", "") + "/chat/completions");
	}

}
