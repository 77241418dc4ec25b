package io.chatkit.rest.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Joins {@code delta.tool_calls} fragments into whole calls, keyed by {@code index}: the
 * first fragment names the call, later ones append to its arguments. Repeated ids and
 * names are ignored, so providers that resend them do not double anything.
 */
final class ToolCallAccumulator {

	private final Map<Integer, Partial> calls = new TreeMap<>();

	void add(JsonNode fragment) {
		int index = fragment.path("index").intValue(this.calls.size());
		Partial call = this.calls.computeIfAbsent(index, (key) -> new Partial());
		String id = fragment.path("id").stringValue(null);
		if (id != null && !id.isEmpty() && call.id == null) {
			call.id = id;
		}
		JsonNode function = fragment.path("function");
		String name = function.path("name").stringValue(null);
		if (name != null && !name.isEmpty() && call.name == null) {
			call.name = name;
		}
		String arguments = function.path("arguments").stringValue(null);
		if (arguments != null) {
			call.arguments.append(arguments);
		}
	}

	boolean isEmpty() {
		return this.calls.isEmpty();
	}

	List<LlmToolCall> calls() {
		List<LlmToolCall> result = new ArrayList<>(this.calls.size());
		this.calls.forEach((index, call) -> result.add(new LlmToolCall(call.id, (call.name != null) ? call.name : "",
				call.arguments.isEmpty() ? "{}" : call.arguments.toString())));
		return result;
	}

	private static final class Partial {

		private @Nullable String id;

		private @Nullable String name;

		private final StringBuilder arguments = new StringBuilder();

	}

}
