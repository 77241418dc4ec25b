package io.chatkit.rest.llm;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How replies are obtained from the upstream model.
 *
 * @param apiKey bearer key for the upstream ({@code OPENROUTER_API_KEY}); blank means no
 * upstream is configured
 * @param baseUrl OpenAI-compatible base URL ({@code OPENROUTER_BASE_URL}),
 * {@code /chat/completions} is appended; blank means the default
 * @param model model slug sent with every request ({@code OPENROUTER_MODEL}); blank means
 * the default
 * @param appUrl sent as {@code HTTP-Referer} for OpenRouter's attribution
 * @param appName sent as {@code X-OpenRouter-Title} for OpenRouter's attribution
 * @param systemPrompt first message of every request's context; blank sends none
 * @param maxToolRounds most tool rounds in one reply; after them the model is called
 * without tools
 * @param timeouts upstream timeouts
 * @param retry retries before the first token
 * @param prices USD per million tokens by model slug, used when the upstream reports no
 * cost, and to estimate a round's worst case for its budget reservation;
 * {@code application.yml} prices {@code openai/gpt-4o-mini}, and entries set elsewhere
 * are added to it
 * @param maxCompletionTokens {@code max_tokens} of every upstream request: the most
 * completion tokens one round may bill
 * @param maxContextTokens most prompt tokens (estimated as characters / 4) of the
 * conversation sent upstream; older messages are left out, the newest user message never
 * @param reconcileFor how long the cost of a round that ended without usage is looked up
 * in the upstream's generation records before its reservation is left charged
 * @param maxRequestBytes largest upstream request body; the oldest context and then the
 * longest tool results are cut to fit, so a tool round cannot grow a request without
 * bound
 */
@Validated
@ConfigurationProperties("chatkit.llm")
public record LlmProperties(String apiKey, @DefaultValue(DEFAULT_BASE_URL) String baseUrl,
		@DefaultValue(DEFAULT_MODEL) String model,
		@DefaultValue("https://github.com/chatkit/chatkit-rest") String appUrl,
		@DefaultValue("chatkit-rest") String appName, @DefaultValue(DEFAULT_SYSTEM_PROMPT) String systemPrompt,
		@DefaultValue("5") @Min(0) @Max(50) int maxToolRounds, @DefaultValue @Valid Timeouts timeouts,
		@DefaultValue @Valid Retry retry, Map<String, @Valid Price> prices,
		@DefaultValue("4096") @Min(1) int maxCompletionTokens, @DefaultValue("16000") @Min(1) int maxContextTokens,
		@DefaultValue("2m") @NotNull Duration reconcileFor, @DefaultValue("384KB") @NotNull DataSize maxRequestBytes) {

	static final String DEFAULT_BASE_URL = "https://openrouter.ai/api/v1";

	static final String DEFAULT_MODEL = "openai/gpt-4o-mini";

	static final String DEFAULT_SYSTEM_PROMPT = "You are a helpful assistant in a chat app. "
			+ "When the user talks about their to-do list, use the task tools and refer to tasks by title.";

	public LlmProperties {
		// OPENROUTER_BASE_URL and OPENROUTER_MODEL arrive through placeholders that are
		// empty when the variable is unset, so blank means the default here
		baseUrl = StringUtils.hasText(baseUrl) ? baseUrl : DEFAULT_BASE_URL;
		model = StringUtils.hasText(model) ? model : DEFAULT_MODEL;
		prices = (prices != null) ? Map.copyOf(prices) : Map.of();
	}

	/**
	 * Whether an upstream key is set.
	 * @return {@code true} when replies can be requested
	 */
	public boolean configured() {
		return this.apiKey != null && !this.apiKey.isBlank();
	}

	/**
	 * Upstream timeouts.
	 *
	 * @param connect to open the connection
	 * @param firstByte from sending a request to its first data event
	 * @param chunkGap longest silence between two data events
	 * @param reply whole reply, all rounds included
	 */
	public record Timeouts(@DefaultValue("5s") @NotNull Duration connect,
			@DefaultValue("30s") @NotNull Duration firstByte, @DefaultValue("60s") @NotNull Duration chunkGap,
			@DefaultValue("5m") @NotNull Duration reply) {
	}

	/**
	 * Retries of a request that failed before its stream began (HTTP 429, 502, 503, 529
	 * and connection failures).
	 *
	 * @param maxRetries retries after the first attempt
	 * @param initialBackoff wait before the first retry, doubled for each further one
	 * @param maxRetryAfter longest {@code Retry-After} honoured; a longer one ends the
	 * retries
	 */
	public record Retry(@DefaultValue("2") @Min(0) @Max(5) int maxRetries,
			@DefaultValue("250ms") @NotNull Duration initialBackoff,
			@DefaultValue("5s") @NotNull Duration maxRetryAfter) {
	}

	/**
	 * Price of one model.
	 *
	 * @param promptPerMillion USD per million prompt tokens
	 * @param completionPerMillion USD per million completion tokens
	 */
	public record Price(@NotNull @DecimalMin("0") BigDecimal promptPerMillion,
			@NotNull @DecimalMin("0") BigDecimal completionPerMillion) {
	}

}
