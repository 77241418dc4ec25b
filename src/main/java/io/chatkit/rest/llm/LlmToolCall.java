package io.chatkit.rest.llm;

/**
 * A tool call the model made.
 *
 * @param id the upstream's call id, quoted back in the {@code tool} message
 * @param name the tool's name
 * @param arguments the arguments as the model wrote them: JSON text, maybe malformed
 */
public record LlmToolCall(String id, String name, String arguments) {

}
