package io.chatkit.rest.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import org.yaml.snakeyaml.Yaml;

/**
 * One {@code helm template} of the chart, as raw text and as parsed Kubernetes documents.
 *
 * @param text the whole rendered manifest
 * @param documents each non-empty document keyed by {@code Kind/name}, in rendering order
 */
record ChartRender(String text, Map<String, Document> documents) {

	static final Path CHART = Path.of("helm", "chatkit-rest").toAbsolutePath();

	static final String RELEASE = "chatkit-rest";

	static final String NAMESPACE = "chatkit-test";

	/**
	 * Renders the chart with the given {@code --set} pairs ({@code key=value}).
	 * @param sets the values to set
	 * @return the render
	 */
	static ChartRender of(String... sets) {
		return render(null, sets);
	}

	/**
	 * Renders the chart with a values file and {@code --set} pairs.
	 * @param valuesFile the values file
	 * @param sets the values to set
	 * @return the render
	 */
	static ChartRender withValues(Path valuesFile, String... sets) {
		return render(valuesFile, sets);
	}

	/**
	 * Renders the chart and returns the raw output; fails like {@code helm template}
	 * does.
	 * @param valuesFile a values file or {@code null}
	 * @param sets the values to set
	 * @return the rendered manifest
	 */
	static String template(Path valuesFile, String... sets) {
		TemplateCommand command = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
		if (valuesFile != null) {
			command = command.withValuesFile(valuesFile.toAbsolutePath());
		}
		for (String set : sets) {
			String[] pair = set.split("=", 2);
			command = command.set(pair[0], pair[1]);
		}
		return command.call();
	}

	private static ChartRender render(Path valuesFile, String... sets) {
		String text = template(valuesFile, sets);
		Map<String, Document> documents = new LinkedHashMap<>();
		for (String raw : text.split("(?m)^---$")) {
			Object parsed = new Yaml().load(raw);
			if (parsed instanceof Map<?, ?> map) {
				Document document = new Document(raw, castMap(map));
				Document previous = documents.put(document.key(), document);
				if (previous != null) {
					throw new IllegalStateException("Rendered twice: " + document.key());
				}
			}
		}
		return new ChartRender(text, documents);
	}

	/**
	 * The only document of a kind.
	 * @param kind the Kubernetes kind
	 * @return the document
	 */
	Document single(String kind) {
		List<Document> found = ofKind(kind);
		if (found.size() != 1) {
			throw new AssertionError("Expected one " + kind + " but found " + found.size() + " in:\n" + this.text);
		}
		return found.get(0);
	}

	/**
	 * The document of a kind and name.
	 * @param kind the Kubernetes kind
	 * @param name the object's name
	 * @return the document
	 */
	Document single(String kind, String name) {
		Document document = this.documents.get(kind + "/" + name);
		if (document == null) {
			throw new AssertionError("No " + kind + "/" + name + " in:\n" + this.text);
		}
		return document;
	}

	List<Document> ofKind(String kind) {
		return this.documents.values().stream().filter((document) -> kind.equals(document.kind())).toList();
	}

	List<String> kinds() {
		return this.documents.values().stream().map(Document::kind).toList();
	}

	/**
	 * The pod template of the workload, a Deployment or a Rollout.
	 * @return the pod template
	 */
	Map<String, Object> podTemplate() {
		List<Document> workloads = new ArrayList<>(ofKind("Deployment"));
		workloads.addAll(ofKind("Rollout"));
		if (workloads.size() != 1) {
			throw new AssertionError("Expected one workload but found " + workloads.size());
		}
		return workloads.get(0).map("spec", "template");
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> castMap(Object value) {
		return (Map<String, Object>) Objects.requireNonNull(value);
	}

	@SuppressWarnings("unchecked")
	static List<Object> castList(Object value) {
		return (List<Object>) Objects.requireNonNull(value);
	}

	/**
	 * One rendered Kubernetes document.
	 *
	 * @param raw the document's text as rendered
	 * @param content the parsed document
	 */
	record Document(String raw, Map<String, Object> content) {

		String kind() {
			return (String) this.content.get("kind");
		}

		String name() {
			return (String) map("metadata").get("name");
		}

		String key() {
			return kind() + "/" + name();
		}

		Object get(String... path) {
			Object current = this.content;
			for (String step : path) {
				if (!(current instanceof Map<?, ?> map)) {
					return null;
				}
				current = map.get(step);
			}
			return current;
		}

		Map<String, Object> map(String... path) {
			return castMap(get(path));
		}

	}

}
