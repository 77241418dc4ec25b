package io.chatkit.rest.tools;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Cuts a tool result to a number of characters (code points) of compact JSON, marker
 * included: the biggest array loses its last half, else the longest string its last half,
 * until it fits, and the result then says {@code "truncated": true}. The result stays a
 * JSON object with its shape, so the model can still read what it holds.
 */
final class ResultLimit {

	static final String MARKER = "truncated";

	private static final int MIN_STRING = 16;

	private ResultLimit() {
	}

	static String fit(JsonMapper json, ObjectNode result, int maxChars) {
		String text = json.writeValueAsString(result);
		if (characters(text) <= maxChars) {
			return text;
		}
		result.put(MARKER, true);
		text = json.writeValueAsString(result);
		while (characters(text) > maxChars && shrink(result)) {
			text = json.writeValueAsString(result);
		}
		if (characters(text) > maxChars) {
			ObjectNode cut = json.createObjectNode();
			cut.put(MARKER, true);
			cut.put("error", "The result was too large to return");
			text = json.writeValueAsString(cut);
		}
		return text;
	}

	private static int characters(String text) {
		return text.codePointCount(0, text.length());
	}

	private static boolean shrink(ObjectNode root) {
		ArrayNode biggestArray = null;
		ObjectNode stringParent = null;
		String stringField = null;
		int longest = MIN_STRING;
		Deque<JsonNode> pending = new ArrayDeque<>();
		pending.push(root);
		while (!pending.isEmpty()) {
			JsonNode node = pending.pop();
			if (node instanceof ArrayNode array) {
				if (array.size() > 1 && (biggestArray == null || array.size() > biggestArray.size())) {
					biggestArray = array;
				}
				array.forEach(pending::push);
			}
			else if (node instanceof ObjectNode object) {
				for (Map.Entry<String, JsonNode> field : object.properties()) {
					JsonNode value = field.getValue();
					if (value.isString() && value.asString().length() > longest) {
						longest = value.asString().length();
						stringParent = object;
						stringField = field.getKey();
					}
					else if (value.isContainer()) {
						pending.push(value);
					}
				}
			}
		}
		if (biggestArray != null) {
			int keep = biggestArray.size() / 2;
			while (biggestArray.size() > keep) {
				biggestArray.remove(biggestArray.size() - 1);
			}
			return true;
		}
		if (stringParent != null) {
			String value = stringParent.get(stringField).asString();
			int cut = value.offsetByCodePoints(0, value.codePointCount(0, value.length()) / 2);
			stringParent.set(stringField, StringNode.valueOf(value.substring(0, cut)));
			return true;
		}
		return false;
	}

}
