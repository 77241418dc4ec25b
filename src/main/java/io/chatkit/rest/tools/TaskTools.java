package io.chatkit.rest.tools;

import java.util.List;
import java.util.Map;

import io.chatkit.rest.web.Redacted;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

/**
 * The tools offered to the model and the way to run a call of one. A call never throws:
 * unknown tools, malformed arguments and failures come back as an error result the model
 * can read.
 */
@Component
public class TaskTools {

	/** The tool label of calls that name no built-in tool. */
	public static final String UNKNOWN = "unknown";

	private static final Logger logger = LoggerFactory.getLogger(TaskTools.class);

	private final TaskService tasks;

	private final JsonMapper json;

	private final ToolsProperties properties;

	TaskTools(TaskService tasks, JsonMapper json, ToolsProperties properties) {
		this.tasks = tasks;
		this.json = json;
		this.properties = properties;
	}

	/**
	 * The definitions to send in a request's {@code tools} array.
	 * @return the definitions, empty when tools are switched off
	 */
	public List<Map<String, Object>> definitions() {
		return this.properties.enabled() ? ToolDefinitions.ALL : List.of();
	}

	/**
	 * The names of the built-in tools.
	 * @return tool names
	 */
	public static List<String> names() {
		return ToolDefinitions.names();
	}

	/**
	 * Runs a tool call for a user, against that user's tasks only.
	 * @param userId the caller
	 * @param name the tool the model named
	 * @param arguments the arguments as the model wrote them
	 * @return the result
	 */
	public ToolResult run(String userId, String name, @Nullable JsonNode arguments) {
		ToolName known = ToolName.find(name);
		if (!this.properties.enabled() || known == null) {
			return error(label(name), "Unknown tool " + name);
		}
		String tool = known.wireName();
		if (arguments == null || !arguments.isObject()) {
			return error(tool, "Arguments must be a JSON object");
		}
		try {
			ToolArguments args = new ToolArguments(arguments);
			ObjectNode result = switch (known) {
				case ADD_TASK -> this.tasks.add(userId, args);
				case LIST_TASKS -> this.tasks.list(userId, args);
				case COMPLETE_TASK -> this.tasks.complete(userId, args);
				case UPDATE_TASK -> this.tasks.update(userId, args);
				case DELETE_TASK -> this.tasks.delete(userId, args);
			};
			return new ToolResult(tool, ResultLimit.fit(this.json, result, this.properties.maxResultChars()), true);
		}
		catch (ToolFailure ex) {
			return error(tool, ex.getMessage());
		}
		catch (RuntimeException ex) {
			logger.warn("Tool {} failed", tool, Redacted.of(ex));
			return error(tool, "The tool failed; try again later");
		}
	}

	/**
	 * The answer to a call beyond {@code chatkit.tools.max-calls-per-round}: it is not
	 * run.
	 * @param name the tool the model named
	 * @return an error result
	 */
	public ToolResult refuseTooMany(String name) {
		return error(label(name), "too many tool calls in one round");
	}

	private static String label(@Nullable String name) {
		ToolName known = ToolName.find(name);
		return (known != null) ? known.wireName() : UNKNOWN;
	}

	/**
	 * Most tool calls of one round that run.
	 * @return the cap
	 */
	public int maxCallsPerRound() {
		return this.properties.maxCallsPerRound();
	}

	/**
	 * Parses arguments as the model wrote them.
	 * @param arguments JSON text
	 * @return the parsed value, or {@code null} when it is not JSON
	 */
	public @Nullable JsonNode parseArguments(@Nullable String arguments) {
		try {
			return this.json.readTree((arguments == null || arguments.isBlank()) ? "{}" : arguments);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private ToolResult error(String tool, String message) {
		ObjectNode result = this.json.createObjectNode();
		result.put("error", message);
		return new ToolResult(tool, this.json.writeValueAsString(result), false);
	}

}
