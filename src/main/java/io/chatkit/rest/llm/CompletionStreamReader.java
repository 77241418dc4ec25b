package io.chatkit.rest.llm;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads one streamed chat completion: SSE events of {@code data:} lines, {@code :}
 * comments skipped, ending at {@code data: [DONE]}. Text goes to the listener as it
 * comes; tool calls, finish reason and usage are collected for the end.
 */
final class CompletionStreamReader {

	private static final String DONE = "[DONE]";

	/**
	 * Longest event a provider may send. Real chunks are well under a kilobyte; an
	 * unbounded line would let one misbehaving provider exhaust the heap.
	 */
	static final int MAX_EVENT_CHARS = 256 * 1024;

	private final JsonMapper json;

	private final StreamListener listener;

	private final Runnable onData;

	private final Consumer<String> onGenerationId;

	private final StringBuilder text = new StringBuilder();

	private final ToolCallAccumulator toolCalls = new ToolCallAccumulator();

	private @Nullable String finishReason;

	private @Nullable JsonNode usage;

	private @Nullable String model;

	private boolean firstToken = true;

	private boolean done;

	/**
	 * Creates a reader.
	 * @param json mapper for the chunks
	 * @param listener receives text as it comes
	 * @param onData runs for every data event, to push the silence deadline back
	 */
	CompletionStreamReader(JsonMapper json, StreamListener listener, Runnable onData) {
		this(json, listener, onData, (id) -> {
		});
	}

	/**
	 * Creates a reader that also reports the generation id the chunks carry.
	 * @param json mapper for the chunks
	 * @param listener receives text as it comes
	 * @param onData runs for every data event, to push the silence deadline back
	 * @param onGenerationId receives each chunk's {@code id}
	 */
	CompletionStreamReader(JsonMapper json, StreamListener listener, Runnable onData, Consumer<String> onGenerationId) {
		this.json = json;
		this.listener = listener;
		this.onData = onData;
		this.onGenerationId = onGenerationId;
	}

	/**
	 * Reads the stream to its end.
	 * @param body the response body
	 * @return whether the stream ended with {@code [DONE]} or a finish reason
	 * @throws IOException when reading fails
	 * @throws UpstreamException when the upstream reports an error or sends garbage
	 */
	boolean read(InputStream body) throws IOException, UpstreamException {
		// a line of MAX_EVENT_CHARS characters takes up to four bytes each
		SseLineReader lines = new SseLineReader(body, 4 * MAX_EVENT_CHARS);
		StringBuilder data = new StringBuilder();
		String line;
		try {
			while (!this.done && (line = lines.next()) != null) {
				if (line.length() > MAX_EVENT_CHARS) {
					throw oversized();
				}
				if (line.isEmpty()) {
					dispatch(data);
				}
				else if (line.startsWith("data:")) {
					if (!data.isEmpty()) {
						data.append('\n');
					}
					data.append(line, line.startsWith("data: ") ? 6 : 5, line.length());
					if (data.length() > MAX_EVENT_CHARS) {
						throw oversized();
					}
				}
			}
		}
		catch (SseLineReader.LineTooLongException ex) {
			throw oversized();
		}
		dispatch(data);
		return this.done || this.finishReason != null;
	}

	private static UpstreamException oversized() {
		return new UpstreamException(UpstreamError.UPSTREAM_ERROR, "The model provider sent an oversized chunk");
	}

	private void dispatch(StringBuilder data) throws UpstreamException {
		if (data.isEmpty() || this.done) {
			data.setLength(0);
			return;
		}
		String payload = data.toString().strip();
		data.setLength(0);
		this.onData.run();
		if (DONE.equals(payload)) {
			this.done = true;
			return;
		}
		JsonNode chunk;
		try {
			chunk = this.json.readTree(payload);
		}
		catch (JacksonException ex) {
			throw new UpstreamException(UpstreamError.UPSTREAM_ERROR, "The model provider sent a malformed chunk");
		}
		chunk(chunk);
	}

	private void chunk(JsonNode chunk) throws UpstreamException {
		if (this.model == null) {
			String answering = chunk.path("model").stringValue(null);
			this.model = (answering != null && !answering.isBlank()) ? answering : null;
		}
		String id = chunk.path("id").stringValue(null);
		if (id != null && !id.isEmpty()) {
			this.onGenerationId.accept(id);
		}
		JsonNode error = chunk.path("error");
		if (error.isObject()) {
			throw new UpstreamException(UpstreamError.UPSTREAM_ERROR,
					"The model provider failed mid-reply: " + OpenRouterErrors.describe(error));
		}
		if (chunk.path("usage").isObject()) {
			this.usage = chunk.path("usage");
		}
		JsonNode choice = chunk.path("choices").path(0);
		if (!choice.isObject()) {
			return;
		}
		JsonNode delta = choice.path("delta");
		String content = delta.path("content").stringValue(null);
		if (content != null && !content.isEmpty()) {
			token();
			this.text.append(content);
			this.listener.onText(content);
		}
		for (JsonNode fragment : delta.path("tool_calls")) {
			token();
			this.toolCalls.add(fragment);
		}
		String reason = choice.path("finish_reason").stringValue(null);
		if ("error".equals(reason)) {
			throw new UpstreamException(UpstreamError.UPSTREAM_ERROR, "The model provider failed mid-reply");
		}
		if (reason != null) {
			this.finishReason = reason;
		}
	}

	private void token() {
		if (this.firstToken) {
			this.firstToken = false;
			this.listener.onFirstToken();
		}
	}

	String text() {
		return this.text.toString();
	}

	ToolCallAccumulator toolCalls() {
		return this.toolCalls;
	}

	String finishReason() {
		if (this.finishReason != null) {
			return this.finishReason;
		}
		return this.toolCalls.isEmpty() ? "stop" : "tool_calls";
	}

	JsonNode usage() {
		return this.usage;
	}

	/**
	 * The model that answered, as the chunks name it; with OpenRouter's fallbacks it can
	 * differ from the one asked.
	 * @return the slug, {@code null} when no chunk named one
	 */
	@Nullable String model() {
		return this.model;
	}

}
