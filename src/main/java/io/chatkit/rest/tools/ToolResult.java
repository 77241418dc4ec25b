package io.chatkit.rest.tools;

/**
 * What running a tool call gave.
 *
 * @param tool the built-in tool's name, or {@code unknown}
 * @param resultJson the result as a JSON object
 * @param ok whether the tool did what was asked
 */
public record ToolResult(String tool, String resultJson, boolean ok) {

}
