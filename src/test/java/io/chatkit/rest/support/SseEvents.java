package io.chatkit.rest.support;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses a reply stream the way an SSE client does, keeping comments too.
 */
public final class SseEvents {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private SseEvents() {
	}

	public static List<Event> parse(String body) {
		List<Event> events = new ArrayList<>();
		for (String block : body.split("\n\n")) {
			String id = null;
			String name = null;
			String data = null;
			for (String line : block.split("\n")) {
				if (line.startsWith("id: ")) {
					id = line.substring(4);
				}
				else if (line.startsWith("event: ")) {
					name = line.substring(7);
				}
				else if (line.startsWith("data: ")) {
					data = line.substring(6);
				}
			}
			if (name != null) {
				events.add(new Event(Long.parseLong(id), name, JSON.readTree(data)));
			}
		}
		return events;
	}

	public static List<String> names(List<Event> events) {
		return events.stream().map(Event::name).toList();
	}

	public static String text(List<Event> events) {
		StringBuilder text = new StringBuilder();
		events.stream()
			.filter((e) -> e.name().equals("delta"))
			.forEach((e) -> text.append(e.data().path("text").asString()));
		return text.toString();
	}

	public static Event last(List<Event> events) {
		return events.get(events.size() - 1);
	}

	public record Event(long id, String name, JsonNode data) {
	}

}
