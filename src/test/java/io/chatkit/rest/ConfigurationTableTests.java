package io.chatkit.rest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's configuration reference is the configuration metadata that
 * {@code spring-boot-configuration-processor} writes from the settings records: one row
 * per {@code chatkit.*} property with its environment variable, default and description,
 * and the defaults the specification names.
 */
class ConfigurationTableTests {

	private static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

	private static final Path README = Path.of("README.md");

	private static final String HEADING = "### Configuration reference";

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+):[^}]*}");

	private static final Pattern CODE = Pattern.compile("\\{@code ([^}]*)}");

	/** The defaults the specification gives, by property or environment variable. */
	private static final Map<String, String> SPECIFIED_DEFAULTS = specifiedDefaults();

	@Test
	void theReadmeTableListsEveryPropertyAsTheMetadataDescribesIt() throws IOException {
		Map<String, Row> expected = metadataRows();
		Map<String, Row> documented = readmeRows();
		List<String> problems = new ArrayList<>();
		expected.forEach((name, row) -> {
			Row found = documented.get(name);
			if (found == null) {
				problems.add("missing:   " + row.markdown());
			}
			else if (!found.equals(row)) {
				problems.add(
						"different: " + found.markdown() + System.lineSeparator() + "    should be: " + row.markdown());
			}
		});
		documented.keySet()
			.stream()
			.filter((name) -> !expected.containsKey(name))
			.forEach((name) -> problems.add("unknown:   " + documented.get(name).markdown()));
		assertThat(problems).as("README rows under '%s' against %s", HEADING, METADATA).isEmpty();
	}

	@Test
	void theReadmeTableGivesTheSpecifiedDefaults() throws IOException {
		Map<String, String> documented = new LinkedHashMap<>();
		readmeRows().values().forEach((row) -> {
			documented.put(row.property(), row.defaultValue());
			documented.put(row.environment(), row.defaultValue());
		});
		List<String> problems = new ArrayList<>();
		SPECIFIED_DEFAULTS.forEach((name, specified) -> {
			if (!documented.containsKey(name)) {
				problems.add(name + ": no row");
			}
			else if (!specified.equals(documented.get(name))) {
				problems.add(name + ": default '" + documented.get(name) + "', specified '" + specified + "'");
			}
		});
		assertThat(problems).as("README rows under '%s' against the specification", HEADING).isEmpty();
	}

	private static Map<String, Row> metadataRows() throws IOException {
		assertThat(METADATA).as("written by spring-boot-configuration-processor when main is compiled").exists();
		Map<String, String> environment = environmentNames();
		Map<String, Row> rows = new TreeMap<>();
		for (JsonNode property : JsonMapper.builder().build().readTree(METADATA.toFile()).get("properties")) {
			String name = property.get("name").asString();
			if (!name.startsWith("chatkit.")) {
				continue;
			}
			JsonNode defaultValue = property.get("defaultValue");
			Row row = new Row(name, environment.getOrDefault(name, relaxedEnvironmentName(name)),
					(defaultValue != null) ? defaultValue.asString() : "",
					CODE.matcher(property.path("description").asString("")).replaceAll("`$1`").replaceAll("\\s+", " "));
			Row earlier = rows.putIfAbsent(name, row);
			// two records may bind the same key (the Redis settings): they must agree
			assertThat(earlier).as("every record binding %s", name).isIn(null, row);
		}
		return rows;
	}

	/**
	 * The variables {@code application.yml} maps onto properties, e.g. {@code REDIS_URL}.
	 */
	private static Map<String, String> environmentNames() throws IOException {
		Map<String, String> names = new LinkedHashMap<>();
		for (PropertySource<?> source : new YamlPropertySourceLoader().load("application",
				new FileSystemResource("src/main/resources/application.yml"))) {
			EnumerablePropertySource<?> yaml = (EnumerablePropertySource<?>) source;
			for (String name : yaml.getPropertyNames()) {
				Matcher placeholder = PLACEHOLDER.matcher(String.valueOf(yaml.getProperty(name)));
				if (name.startsWith("chatkit.") && placeholder.matches()) {
					names.put(name, placeholder.group(1));
				}
			}
		}
		return names;
	}

	/**
	 * The form Spring Boot's relaxed binding also reads, as the specification writes it
	 * ({@code CHATKIT_RATE_LIMIT_TRUSTED_PROXIES}).
	 */
	private static String relaxedEnvironmentName(String property) {
		return property.toUpperCase().replace('.', '_').replace('-', '_');
	}

	private static Map<String, Row> readmeRows() throws IOException {
		List<String> lines = Files.readAllLines(README);
		int heading = lines.indexOf(HEADING);
		assertThat(heading).as("README heading '%s'", HEADING).isNotNegative();
		Map<String, Row> rows = new TreeMap<>();
		lines.stream()
			.skip(heading + 1)
			.dropWhile((line) -> !line.startsWith("|"))
			.takeWhile((line) -> line.startsWith("|"))
			.filter((line) -> line.startsWith("| `"))
			.map(Row::parse)
			.forEach((row) -> rows.put(row.property(), row));
		return rows;
	}

	private static Map<String, String> specifiedDefaults() {
		Map<String, String> defaults = new LinkedHashMap<>();
		defaults.put("REDIS_URL", "");
		defaults.put("JWT_SECRET", "");
		defaults.put("JWT_JWKS_URI", "");
		defaults.put("JWT_ISSUER", "");
		defaults.put("JWT_AUDIENCE", "");
		defaults.put("OPENROUTER_API_KEY", "");
		defaults.put("OPENROUTER_BASE_URL", "https://openrouter.ai/api/v1");
		defaults.put("OPENROUTER_MODEL", "openai/gpt-4o-mini");
		defaults.put("OPENROUTER_FALLBACK_MODELS", "");
		defaults.put("OPENROUTER_SECONDARY_BASE_URL", "");
		defaults.put("OPENROUTER_SECONDARY_API_KEY", "");
		defaults.put("OPENROUTER_SECONDARY_MODEL", "");
		defaults.put("CORS_ORIGINS", "");
		defaults.put("CHATKIT_LIMITS_FILE", "/etc/chatkit/limits/limits.properties");
		defaults.put("CHATKIT_RATE_LIMIT_TRUSTED_PROXIES", "");
		defaults.put("CHATKIT_TOOLS_ENABLED", "true");
		defaults.put("CHATKIT_LOGGING_JSON", "false");
		defaults.put("chatkit.messages.max-chars", "4000");
		defaults.put("chatkit.security.require-expiry", "true");
		defaults.put("chatkit.streams.max", "2000");
		defaults.put("chatkit.streams.max-per-user", "16");
		defaults.put("chatkit.streams.keep-alive", "15s");
		defaults.put("chatkit.streams.detach-grace", "30s");
		defaults.put("chatkit.streams.replay-retention", "10m");
		defaults.put("chatkit.llm.max-tool-rounds", "5");
		defaults.put("chatkit.llm.max-completion-tokens", "4096");
		defaults.put("chatkit.llm.max-context-tokens", "16000");
		defaults.put("chatkit.llm.max-request-bytes", "384KB");
		defaults.put("chatkit.llm.reconcile-for", "2m");
		defaults.put("chatkit.llm.timeouts.connect", "5s");
		defaults.put("chatkit.llm.timeouts.first-byte", "30s");
		defaults.put("chatkit.llm.timeouts.chunk-gap", "60s");
		defaults.put("chatkit.llm.timeouts.reply", "5m");
		defaults.put("chatkit.llm.retry.max-retries", "2");
		defaults.put("chatkit.llm.breaker.failures", "5");
		defaults.put("chatkit.llm.breaker.open-for", "30s");
		defaults.put("chatkit.llm.provider.order", "");
		defaults.put("chatkit.rate-limit.requests-per-minute", "30");
		defaults.put("chatkit.rate-limit.ipv6-prefix", "64");
		defaults.put("chatkit.budget.daily-usd", "10");
		defaults.put("chatkit.budget.user-daily-usd", "0");
		defaults.put("chatkit.budget.reply-reserve-usd", "0.02");
		defaults.put("chatkit.tools.max-calls-per-round", "16");
		defaults.put("chatkit.tools.max-result-chars", "16000");
		defaults.put("chatkit.server.max-connections-per-address", "256");
		return defaults;
	}

	/**
	 * One row of the table: property, environment variable, default, description.
	 */
	private record Row(String property, String environment, String defaultValue, String description) {

		private static final Pattern CELLS = Pattern.compile("\\s*(?<!\\\\)\\|\\s*");

		static Row parse(String line) {
			String[] cells = CELLS.split(line.strip().substring(1), -1);
			assertThat(cells).as("cells of README row %s", line).hasSizeGreaterThanOrEqualTo(4);
			return new Row(unquote(cells[0]), unquote(cells[1]), unquote(cells[2]), cells[3].strip());
		}

		private static String unquote(String text) {
			String cell = text.strip();
			return (cell.length() >= 2 && cell.startsWith("`") && cell.endsWith("`"))
					? cell.substring(1, cell.length() - 1) : cell;
		}

		String markdown() {
			String value = this.defaultValue.isEmpty() ? "" : "`" + this.defaultValue + "`";
			return "| `" + this.property + "` | `" + this.environment + "` | " + value + " | " + this.description
					+ " |";
		}

	}

}
