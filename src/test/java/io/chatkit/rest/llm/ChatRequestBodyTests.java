package io.chatkit.rest.llm;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ChatRequestBodyTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final List<LlmMessage> CONTEXT = List.of(LlmMessage.user("Hi"));

	private static JsonNode write(List<String> fallbacks, RoutingProperties.Provider provider) {
		return JSON
			.readTree(ChatRequestBody.write(JSON, "openai/gpt-4o", fallbacks, provider, CONTEXT, List.of(), 4096));
	}

	@Test
	void withoutFallbacksOrPreferencesTheBodyHasNeitherModelsNorProvider() {
		JsonNode body = write(List.of(), RoutingProperties.NONE.provider());
		assertThat(body.has("models")).isFalse();
		assertThat(body.has("provider")).isFalse();
		assertThat(body.path("model").asString()).isEqualTo("openai/gpt-4o");
	}

	@Test
	void fallbacksFollowTheModelInTheModelsArray() {
		JsonNode body = write(List.of("anthropic/claude-3.5-haiku"), null);
		assertThat(body.path("models")).isEqualTo(JSON.readTree("[\"openai/gpt-4o\",\"anthropic/claude-3.5-haiku\"]"));
	}

	@Test
	void onlyTheProviderPreferencesThatAreSetAreSentInSnakeCase() {
		JsonNode body = write(List.of(),
				new RoutingProperties.Provider(List.of(), false, null, null, RoutingProperties.Sort.PRICE));
		assertThat(body.path("provider")).isEqualTo(JSON.readTree("{\"allow_fallbacks\":false,\"sort\":\"price\"}"));
	}

}
