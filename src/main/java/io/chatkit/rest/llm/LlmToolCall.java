package io.chatkit.rest.llm;

import org.jspecify.annotations.Nullable;

/**
 * A tool call the model made.
 *
 * @param id the upstream's call id, quoted back in the {@code tool} message; {@code null}
 * when the upstream sent none
 * @param name the tool's name
 * @param arguments the arguments as the model wrote them: JSON text, maybe malformed
 */
public record LlmToolCall(@Nullable String id, String name, String arguments) {

}
