package io.chatkit.rest.dev;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Reads what the user asks of the offline demo model with a handful of rules: which to-do
 * operation, and the task it names. Rules, not understanding: the demo says so.
 */
final class DemoPhrases {

	private static final Pattern DELETE = Pattern.compile("\\b(delete|remove|drop|erase|get rid of)\\b");

	private static final Pattern COMPLETE = Pattern.compile(
			"\\b(complete|finish|finished|tick off|check off|cross off|mark\\b.*\\b(done|complete|completed|finished))\\b|\\bas done\\b|\\bis done\\b");

	private static final Pattern UPDATE = Pattern.compile("\\b(rename|change|update|edit)\\b.*\\bto\\b");

	private static final Pattern LIST = Pattern
		.compile("\\b(list|show|what|which|see|view)\\b|\\bdo i have\\b|\\bmy (tasks|todos?|to-dos?)\\b\\s*\\??$");

	private static final Pattern ADD = Pattern.compile("\\b(add|create|new|remind me|put|note)\\b");

	private static final Pattern POLITE = Pattern.compile(
			"^(please\\s+|can you\\s+|could you\\s+|would you\\s+|kindly\\s+|i want to\\s+|i'd like to\\s+|let's\\s+)+");

	private static final Pattern VERB = Pattern.compile(
			"^(add|create|put|note|remind me|delete|remove|drop|erase|get rid of|complete|finish|tick off|check off|cross off|mark|rename|change|update|edit)\\b\\s*");

	private static final Pattern TASK_WORDS = Pattern
		.compile("^(a |an |the |my )?(new )?(task|todo|to-do|item|reminder)s?\\b\\s*(called |named |to |for |: ?)?");

	private static final Pattern LIST_TAIL = Pattern.compile(
			"\\s*\\b(to|on|onto|in|from|off)\\s+(my\\s+|the\\s+)?(to-?do\\s+|todo\\s+|task\\s+|shopping\\s+)?(list|tasks?)\\b.*$");

	private static final Pattern DONE_TAIL = Pattern.compile("\\s*\\b(as\\s+)?(done|complete|completed|finished)\\s*$");

	private static final Set<String> STOP_WORDS = Set.of("a", "an", "the", "my", "to", "task", "todo", "to-do", "item",
			"please", "of", "on", "for", "list", "and", "it", "as", "done");

	private DemoPhrases() {
	}

	/**
	 * What the user wants done.
	 */
	enum Intent {

		ADD, LIST, COMPLETE, UPDATE, DELETE, CHAT

	}

	static Intent intent(String text) {
		String lower = text.toLowerCase(Locale.ROOT);
		if (DELETE.matcher(lower).find()) {
			return Intent.DELETE;
		}
		if (COMPLETE.matcher(lower).find()) {
			return Intent.COMPLETE;
		}
		if (UPDATE.matcher(lower).find()) {
			return Intent.UPDATE;
		}
		if (LIST.matcher(lower).find() && !ADD.matcher(lower).find()) {
			return Intent.LIST;
		}
		if (ADD.matcher(lower).find()) {
			return Intent.ADD;
		}
		return Intent.CHAT;
	}

	/**
	 * The title of a task to add: "Please add a task to buy milk to my list" gives "Buy
	 * milk".
	 */
	static String newTitle(String text) {
		return capitalised(LIST_TAIL.matcher(object(text)).replaceFirst(""));
	}

	/**
	 * The words naming an existing task: "mark buy milk as done" gives "buy milk".
	 */
	static String target(String text) {
		String object = object(text);
		Matcher rename = Pattern.compile("^(.*?)\\s+to\\s+(.+)$").matcher(object);
		if (UPDATE.matcher(text.toLowerCase(Locale.ROOT)).find() && rename.matches()) {
			object = rename.group(1);
		}
		object = LIST_TAIL.matcher(object).replaceFirst("");
		return DONE_TAIL.matcher(object).replaceFirst("");
	}

	/**
	 * The new title of a rename: "rename buy milk to buy oat milk" gives "Buy oat milk".
	 */
	static @Nullable String renamedTo(String text) {
		Matcher rename = Pattern.compile("^(.*?)\\s+to\\s+(.+)$").matcher(object(text));
		return rename.matches() ? capitalised(rename.group(2)) : null;
	}

	/**
	 * Which tasks a listing asks for: {@code pending}, {@code completed} or {@code all}.
	 */
	static String listStatus(String text) {
		String lower = text.toLowerCase(Locale.ROOT);
		if (lower.matches(".*\\b(pending|open|left|remaining|not done|outstanding|to do)\\b.*")) {
			return "pending";
		}
		if (lower.matches(".*\\b(completed|done|finished)\\b.*")) {
			return "completed";
		}
		return "all";
	}

	/**
	 * How well a task title matches the words the user used, 0 for not at all.
	 */
	static int score(String title, String target) {
		Set<String> wanted = words(target);
		return (int) words(title).stream().filter(wanted::contains).count();
	}

	private static Set<String> words(String text) {
		return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
			.filter((word) -> !word.isEmpty() && !STOP_WORDS.contains(word))
			.collect(Collectors.toSet());
	}

	private static String object(String text) {
		String rest = text.strip().replaceAll("[.!?]+$", "");
		rest = cut(rest, POLITE);
		rest = cut(rest, VERB);
		rest = cut(rest, TASK_WORDS);
		if (rest.toLowerCase(Locale.ROOT).startsWith("to ")) {
			rest = rest.substring(3);
		}
		return rest.strip();
	}

	private static String cut(String text, Pattern prefix) {
		Matcher matcher = prefix.matcher(text.toLowerCase(Locale.ROOT));
		return matcher.lookingAt() ? text.substring(matcher.end()) : text;
	}

	private static String capitalised(String text) {
		String title = text.strip();
		if (title.isEmpty()) {
			return title;
		}
		title = title.substring(0, Math.min(120, title.length()));
		return Character.toUpperCase(title.charAt(0)) + title.substring(1);
	}

}
