package io.chatkit.rest.llm;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An in-process OpenRouter speaking its wire format:
 * {@code POST /api/v1/chat/completions} answered by scripted replies (SSE chunks,
 * comments, usage, {@code [DONE]}, error bodies, pauses and hangs). It records every
 * request and notices when a client drops a stream. Replies are taken from a queue; when
 * it is empty the fallback answers.
 */
public final class FakeOpenRouter implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpServer server;

	private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

	private final Deque<Reply> queue = new ConcurrentLinkedDeque<>();

	private final List<Recorded> requests = new CopyOnWriteArrayList<>();

	private final AtomicInteger aborts = new AtomicInteger();

	private final AtomicInteger open = new AtomicInteger();

	private volatile Function<JsonNode, Reply> fallback = (request) -> Reply.text("Hello", " from", " the fake.");

	private volatile boolean closed;

	private FakeOpenRouter() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	public static FakeOpenRouter start() {
		try {
			return new FakeOpenRouter();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/api/v1";
	}

	/**
	 * Queues replies for the next requests, in order.
	 */
	public FakeOpenRouter enqueue(Reply... replies) {
		this.queue.addAll(List.of(replies));
		return this;
	}

	/**
	 * Sets how requests are answered once the queue is empty.
	 */
	public FakeOpenRouter fallback(Function<JsonNode, Reply> responder) {
		this.fallback = responder;
		return this;
	}

	/**
	 * Forgets queued replies, recorded requests and aborts.
	 */
	public void reset() {
		this.queue.clear();
		this.requests.clear();
		this.aborts.set(0);
		this.fallback = (request) -> Reply.text("Hello", " from", " the fake.");
	}

	/**
	 * Forgets the recorded requests only, so a long run does not keep every request body.
	 */
	public void forgetRequests() {
		this.requests.clear();
	}

	public List<Recorded> requests() {
		return List.copyOf(this.requests);
	}

	public int calls() {
		return this.requests.size();
	}

	/**
	 * Streams the client dropped before they ended.
	 */
	public int aborts() {
		return this.aborts.get();
	}

	/**
	 * Requests being answered now: each holds one client connection open.
	 */
	public int open() {
		return this.open.get();
	}

	private void handle(HttpExchange exchange) throws IOException {
		this.open.incrementAndGet();
		boolean dropped = false;
		try {
			if (!exchange.getRequestMethod().equals("POST")
					|| !exchange.getRequestURI().getPath().endsWith("/chat/completions")) {
				send(exchange, 404, "{\"error\":{\"code\":404,\"message\":\"Not found\"}}");
				return;
			}
			JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
			Recorded recorded = new Recorded(exchange.getRequestURI().getPath(), exchange.getRequestHeaders(), body);
			this.requests.add(recorded);
			Reply reply = this.queue.poll();
			(reply != null ? reply : this.fallback.apply(body)).play(this, exchange);
		}
		catch (DroppedConnection ex) {
			// the server closes the socket itself when a handler throws, with no last
			// chunk
			dropped = true;
			throw ex;
		}
		finally {
			this.open.decrementAndGet();
			if (!dropped) {
				exchange.close();
			}
		}
	}

	private static void send(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
	}

	private boolean sleep(Duration duration) {
		long end = System.nanoTime() + duration.toNanos();
		try {
			while (!this.closed && System.nanoTime() < end) {
				Thread.sleep(Math.min(20, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		return !this.closed;
	}

	@Override
	public void close() {
		this.closed = true;
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	/**
	 * A request the fake received.
	 *
	 * @param path request path
	 * @param headers request headers
	 * @param body request body
	 */
	public record Recorded(String path, Headers headers, JsonNode body) {

		public String header(String name) {
			return this.headers.getFirst(name);
		}

	}

	/**
	 * A scripted answer: an error status with OpenRouter's error body, or a stream of
	 * steps.
	 */
	public static final class Reply {

		private final int status;

		private final String errorBody;

		private final Map<String, String> headers = new java.util.LinkedHashMap<>();

		private final List<Step> steps = new ArrayList<>();

		private Duration delayBeforeHeaders = Duration.ZERO;

		private Duration delayBetweenChunks = Duration.ZERO;

		private Reply(int status, String errorBody) {
			this.status = status;
			this.errorBody = errorBody;
		}

		/**
		 * An HTTP error before any stream, with
		 * {@code {"error":{"code","message","metadata"}}}.
		 */
		public static Reply status(int status, String message) {
			return new Reply(status, "{\"error\":{\"code\":" + status + ",\"message\":" + quote(message)
					+ ",\"metadata\":{\"provider_name\":\"Fake\"}}}");
		}

		/**
		 * An empty stream to add steps to.
		 */
		public static Reply stream() {
			return new Reply(200, null).comment("OPENROUTER PROCESSING");
		}

		/**
		 * A complete text reply: the pieces, {@code finish_reason: stop}, usage with cost
		 * and {@code [DONE]}.
		 */
		/**
		 * Numbered text pieces ({@code stem0 }, {@code stem1 }, …) for long replies.
		 */
		public static String[] pieces(String stem, int count) {
			String[] pieces = new String[count];
			for (int i = 0; i < count; i++) {
				pieces[i] = stem + i + " ";
			}
			return pieces;
		}

		public static Reply text(String... pieces) {
			Reply reply = stream();
			for (String piece : pieces) {
				reply.content(piece);
			}
			return reply.finish("stop").usage(13, 16, "0.000093").done();
		}

		/**
		 * A tool call round: each call streamed as a named first fragment and argument
		 * pieces, then {@code finish_reason: tool_calls}, usage and {@code [DONE]}.
		 */
		public static Reply toolCalls(ToolCall... calls) {
			Reply reply = stream();
			for (int i = 0; i < calls.length; i++) {
				ToolCall call = calls[i];
				reply.toolCallStart(i, call.id(), call.name());
				String arguments = call.arguments();
				int half = arguments.length() / 2;
				reply.toolCallArguments(i, arguments.substring(0, half))
					.toolCallArguments(i, arguments.substring(half));
			}
			return reply.finish("tool_calls").usage(20, 10, "0.00005").done();
		}

		public Reply header(String name, String value) {
			this.headers.put(name, value);
			return this;
		}

		public Reply comment(String text) {
			this.steps.add(new Step(": " + text + "\n\n", null));
			return this;
		}

		public Reply chunk(String json) {
			this.steps.add(new Step("data: " + json + "\n\n", null));
			return this;
		}

		public Reply content(String text) {
			return chunk("{\"id\":\"gen-fake\",\"object\":\"chat.completion.chunk\",\"created\":1677652288,"
					+ "\"model\":\"openai/gpt-4o\",\"provider\":\"OpenAI\",\"choices\":[{\"index\":0,\"delta\":"
					+ "{\"role\":\"assistant\",\"content\":" + quote(text)
					+ "},\"finish_reason\":null,\"native_finish_reason\":null}]}");
		}

		public Reply toolCallStart(int index, String id, String name) {
			return chunk("{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,"
					+ "\"tool_calls\":[{\"index\":" + index + ",\"id\":" + quote(id) + ",\"type\":\"function\","
					+ "\"function\":{\"name\":" + quote(name) + ",\"arguments\":\"\"}}]},\"finish_reason\":null}]}");
		}

		public Reply toolCallArguments(int index, String piece) {
			return chunk("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":" + index
					+ ",\"function\":{\"arguments\":" + quote(piece) + "}}]},\"finish_reason\":null}]}");
		}

		public Reply finish(String reason) {
			return chunk("{\"id\":\"gen-fake\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
					+ "\"delta\":{},\"finish_reason\":" + quote(reason) + ",\"native_finish_reason\":" + quote(reason)
					+ "}]}");
		}

		/**
		 * The usage-only last chunk; {@code cost} is left out when {@code null}.
		 */
		public Reply usage(int prompt, int completion, String cost) {
			return chunk("{\"id\":\"gen-fake\",\"object\":\"chat.completion.chunk\",\"created\":1677652288,"
					+ "\"model\":\"openai/gpt-4o\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt
					+ ",\"completion_tokens\":" + completion + ",\"total_tokens\":" + (prompt + completion)
					+ ((cost != null) ? ",\"cost\":" + cost : "")
					+ ",\"is_byok\":false,\"prompt_tokens_details\":{\"cached_tokens\":0},"
					+ "\"completion_tokens_details\":{\"reasoning_tokens\":0}}}");
		}

		/**
		 * A mid-stream error chunk; {@code code} is written as given, so a string code
		 * needs its quotes.
		 */
		public Reply errorChunk(String code, String message) {
			return chunk("{\"id\":\"gen-fake\",\"object\":\"chat.completion.chunk\",\"created\":1234567890,"
					+ "\"model\":\"openai/gpt-4o\",\"provider\":\"OpenAI\",\"error\":{\"code\":" + code
					+ ",\"message\":" + quote(message) + ",\"metadata\":{\"error_type\":\"provider_unavailable\"}},"
					+ "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"error\"}]}");
		}

		public Reply done() {
			this.steps.add(new Step("data: [DONE]\n\n", null));
			return this;
		}

		/**
		 * Closes the connection mid-stream without ending the chunked body, as a broken
		 * connection looks to the client.
		 */
		public Reply dropConnection() {
			this.steps.add(new Step(null, null));
			return this;
		}

		public Reply pause(Duration pause) {
			this.steps.add(new Step(null, pause));
			return this;
		}

		/**
		 * Stops sending anything for a minute (or until the fake closes).
		 */
		public Reply hang() {
			return pause(Duration.ofMinutes(1));
		}

		public Reply delayHeaders(Duration delay) {
			this.delayBeforeHeaders = delay;
			return this;
		}

		public Reply delayEachChunk(Duration delay) {
			this.delayBetweenChunks = delay;
			return this;
		}

		private void play(FakeOpenRouter fake, HttpExchange exchange) throws IOException {
			if (!fake.sleep(this.delayBeforeHeaders)) {
				return;
			}
			this.headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
			if (this.errorBody != null) {
				send(exchange, this.status, this.errorBody);
				return;
			}
			exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
			exchange.getResponseHeaders().set("Cache-Control", "no-cache");
			exchange.getResponseHeaders().set("X-Generation-Id", "gen-fake");
			exchange.sendResponseHeaders(200, 0);
			OutputStream out = exchange.getResponseBody();
			for (Step step : this.steps) {
				if (step.text() == null && step.pause() == null) {
					throw new DroppedConnection();
				}
				if (step.pause() != null) {
					if (!fake.sleep(step.pause())) {
						return;
					}
					continue;
				}
				if (step.text().startsWith("data: {") && !fake.sleep(this.delayBetweenChunks)) {
					return;
				}
				try {
					out.write(step.text().getBytes(StandardCharsets.UTF_8));
					out.flush();
				}
				catch (IOException ex) {
					fake.aborts.incrementAndGet();
					return;
				}
			}
		}

		private static String quote(String text) {
			return (text != null) ? JSON.writeValueAsString(text) : "null";
		}

		private record Step(String text, Duration pause) {
		}

	}

	/**
	 * Thrown by a handler to make the server drop the connection.
	 */
	private static final class DroppedConnection extends RuntimeException {

		DroppedConnection() {
			super("connection dropped on purpose", null, false, false);
		}

	}

	/**
	 * A tool call to script.
	 *
	 * @param id the upstream call id
	 * @param name the tool
	 * @param arguments the arguments JSON text
	 */
	public record ToolCall(String id, String name, String arguments) {
	}

}
