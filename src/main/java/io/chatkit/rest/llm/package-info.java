/**
 * The OpenRouter adapter: streamed chat completions from any OpenAI-compatible endpoint,
 * with retries, timeouts, cancellation, pricing, model fallbacks and failover to a second
 * upstream behind a Resilience4j circuit breaker, each round traced as a GenAI client
 * span. The SSE reader is hand-written because the JDK HttpClient hands over a plain byte
 * stream and no maintained Java SSE decoder fits a blocking read on a virtual thread; the
 * format needed here is a few lines of {@code data:} fields.
 */
@NullMarked
package io.chatkit.rest.llm;

import org.jspecify.annotations.NullMarked;
