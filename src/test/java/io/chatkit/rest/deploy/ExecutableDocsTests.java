package io.chatkit.rest.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator docs are executable: every {@code helm} command against the chart, every
 * {@code --set} and every values snippet in them renders the chart through its schema,
 * every values key they name exists, and every {@code kubectl -l} selector matches labels
 * the chart or {@code k8s/} sets. A doc that drifts fails the build.
 */
class ExecutableDocsTests {

	static final List<Path> DOCS = List.of(Path.of("README.md"), Path.of("helm/chatkit-rest/README.md"),
			Path.of("k8s/README.md"), Path.of("docs/runbook.md"));

	private static final Pattern FENCE = Pattern.compile("(?ms)^```(\\w*)\\n(.*?)^```");

	private static final Pattern INLINE = Pattern.compile("`([^`\\n]+)`");

	private static final Pattern SELECTOR = Pattern.compile("(?:-l|--selector)[ =]([^\\s`|]+)");

	/**
	 * The placeholders the docs use, as the values the shipped environments give them.
	 */
	private static final Map<String, String> PLACEHOLDERS = Map.of("<release>", ChartRender.RELEASE, "<cluster>",
			"chatkit-pg", "<version>", "0.1.0", "<ns>", "chatkit-production", "$NS", "chatkit-production");

	static Stream<DocCommand> helmCommands() throws IOException {
		List<DocCommand> commands = new ArrayList<>();
		for (Path doc : DOCS) {
			for (String line : shellLines(doc)) {
				if (line.matches(".*\\bhelm (upgrade|install|template)\\b.*")
						&& (line.contains("helm/chatkit-rest") || line.contains("charts/chatkit-rest"))) {
					for (String environment : List.of("staging", "production")) {
						String command = substitute(line).replace("$ENV", environment);
						commands.add(new DocCommand(doc, command));
						if (!line.contains("$ENV")) {
							break;
						}
					}
				}
			}
			for (String span : inlineSpans(doc)) {
				if (span.contains("--set ")) {
					commands.add(new DocCommand(doc, substitute(span)));
				}
			}
		}
		return commands.stream();
	}

	@ParameterizedTest
	@MethodSource("helmCommands")
	void everyHelmCommandInTheDocsRendersTheChart(DocCommand command) {
		List<String> tokens = List.of(command.text().trim().split("\\s+"));
		Path valuesFile = null;
		List<String> sets = new ArrayList<>();
		for (int i = 0; i < tokens.size() - 1; i++) {
			switch (tokens.get(i)) {
				case "-f", "--values" -> valuesFile = Path.of(tokens.get(i + 1));
				case "--set", "--set-string" -> sets.add(tokens.get(i + 1));
				default -> {
				}
			}
		}
		assertThat(sets.isEmpty() && valuesFile == null).as("a command with nothing to render: " + command).isFalse();
		if (valuesFile != null) {
			assertThat(valuesFile).as(command.toString()).exists();
		}
		assertThat(ChartRender.template(valuesFile, sets.toArray(String[]::new))).as(command.toString())
			.contains("kind: Service");
	}

	@Test
	void everyValuesSnippetInTheDocsRendersTheChart(@TempDir Path dir) throws IOException {
		Set<String> chartKeys = chartValues().keySet();
		int snippets = 0;
		for (Path doc : DOCS) {
			Matcher fence = FENCE.matcher(Files.readString(doc));
			while (fence.find()) {
				if (!fence.group(1).startsWith("y")) {
					continue;
				}
				Object parsed = new Yaml().load(fence.group(2));
				if (!(parsed instanceof Map<?, ?> map) || map.containsKey("apiVersion")
						|| map.keySet().stream().noneMatch(chartKeys::contains)) {
					continue;
				}
				Path file = Files.writeString(dir.resolve("snippet-" + (++snippets) + ".yaml"), fence.group(2));
				assertThat(ChartRender.template(file)).as(doc + ":\n" + fence.group(2)).contains("kind: Service");
			}
		}
		assertThat(snippets).as("values snippets found").isPositive();
	}

	@Test
	void everyValuesKeyTheDocsNameExistsInTheSchema() throws IOException {
		Set<String> chartKeys = chartValues().keySet();
		JsonNode schema = JsonMapper.builder()
			.build()
			.readTree(ChartRender.CHART.resolve("values.schema.json").toFile());
		List<String> unknown = new ArrayList<>();
		for (Path doc : DOCS) {
			for (String span : inlineSpans(doc)) {
				String key = span.contains("=") ? span.substring(0, span.indexOf('=')) : span;
				// kebab-case names are the limits file's keys (budget.daily-usd), not
				// chart values
				if (key.matches("[a-zA-Z]+(\\.[A-Za-z0-9_<>*]+)+") && chartKeys.contains(key.split("\\.")[0])
						&& !knownKey(schema, key.split("\\."))) {
					unknown.add(doc + ": " + span);
				}
			}
		}
		assertThat(unknown).isEmpty();
	}

	@Test
	void everyKubectlSelectorInTheDocsMatchesLabelsTheChartOrK8sSets() throws IOException {
		Set<String> labels = new LinkedHashSet<>();
		for (ChartRender render : List.of(ChartRender.of("rollout.enabled=true"),
				ChartRender.withValues(Path.of("k8s/environments/production/values.yaml")))) {
			render.documents().values().forEach((document) -> collectLabels(document.content(), labels));
		}
		try (Stream<Path> files = Files.walk(Path.of("k8s"))) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".yaml")).toList()) {
				EnvironmentsTests.load(file).forEach((document) -> collectLabels(document, labels));
			}
		}
		List<String> selectors = new ArrayList<>();
		for (Path doc : DOCS) {
			List<String> lines = new ArrayList<>(shellLines(doc));
			lines.addAll(inlineSpans(doc));
			for (String line : lines) {
				Matcher selector = SELECTOR.matcher(line);
				while (line.contains("kubectl") && selector.find()) {
					selectors.add(doc + ": " + substitute(selector.group(1)));
				}
			}
		}
		assertThat(selectors).isNotEmpty().allSatisfy((selector) -> {
			for (String requirement : selector.substring(selector.indexOf(": ") + 2).split(",")) {
				assertThat(labels).as(selector).contains(requirement);
			}
		});
	}

	private static boolean knownKey(JsonNode schema, String[] path) {
		JsonNode node = schema;
		for (String segment : path) {
			if (segment.equals("*")) {
				return true;
			}
			JsonNode properties = node.path("properties");
			if (properties.has(segment)) {
				node = properties.get(segment);
			}
			else if (node.path("additionalProperties").isObject()) {
				node = node.get("additionalProperties");
			}
			else {
				return node.path("type").asString("").equals("object") && !node.has("properties")
						&& !node.has("additionalProperties");
			}
		}
		return true;
	}

	@SuppressWarnings("unchecked")
	private static void collectLabels(Object node, Set<String> labels) {
		if (node instanceof Map<?, ?> map) {
			map.forEach((key, value) -> {
				if (("labels".equals(key) || "matchLabels".equals(key)) && value instanceof Map<?, ?> found) {
					found.forEach((name, label) -> labels.add(name + "=" + label));
				}
				collectLabels(value, labels);
			});
		}
		else if (node instanceof List<?> list) {
			list.forEach((item) -> collectLabels(item, labels));
		}
	}

	private static Map<String, Object> chartValues() throws IOException {
		return ChartRender.castMap(new Yaml().load(Files.readString(ChartRender.CHART.resolve("values.yaml"))));
	}

	/** The lines of every shell block, continuation lines joined, comments dropped. */
	private static List<String> shellLines(Path doc) throws IOException {
		List<String> lines = new ArrayList<>();
		Matcher fence = FENCE.matcher(Files.readString(doc));
		while (fence.find()) {
			if (List.of("sh", "bash", "shell", "console").contains(fence.group(1))) {
				for (String line : fence.group(2).replaceAll("\\\\\\n\\s*", " ").split("\\n")) {
					String code = line.replaceAll("\\s+#.*$", "");
					if (!code.isBlank() && !code.trim().startsWith("#")) {
						lines.add(code);
					}
				}
			}
		}
		return lines;
	}

	private static List<String> inlineSpans(Path doc) throws IOException {
		String prose = FENCE.matcher(Files.readString(doc)).replaceAll("");
		List<String> spans = new ArrayList<>();
		Matcher inline = INLINE.matcher(prose);
		while (inline.find()) {
			spans.add(inline.group(1));
		}
		return spans;
	}

	private static String substitute(String text) {
		String result = text;
		for (Map.Entry<String, String> placeholder : PLACEHOLDERS.entrySet()) {
			result = result.replace(placeholder.getKey(), placeholder.getValue());
		}
		return result;
	}

	/**
	 * One command found in a doc.
	 *
	 * @param doc the doc it is in
	 * @param text the command, placeholders filled in
	 */
	record DocCommand(Path doc, String text) {

		@Override
		public String toString() {
			return this.doc + ": " + this.text;
		}

	}

}
