/**
 * The OpenRouter adapter: streamed chat completions from any OpenAI-compatible endpoint,
 * with retries, timeouts, cancellation and pricing. The SSE reader is hand-written
 * because the JDK HttpClient hands over a plain byte stream and no maintained Java SSE
 * decoder fits a blocking read on a virtual thread; the format needed here is a few lines
 * of {@code data:} fields.
 */
package io.chatkit.rest.llm;
