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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
 * it is empty the fallback answers. Like OpenRouter it bills every stream it began
 * (aborted ones too) and serves the bill as a generation record at
 * {@code GET /api/v1/generation?id=}, 404 until a short delay after the stream ended.
 * <p>
 * {@link #main} runs it standalone, as the upstream of the load runs in {@code bench/}.
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

	private final CountDownLatch stopped = new CountDownLatch(1);

	private final boolean recording;

	private final AtomicInteger generations = new AtomicInteger();

	private final Map<String, Generation> records = new java.util.concurrent.ConcurrentHashMap<>();

	private volatile Duration recordDelay = Duration.ofMillis(300);

	private volatile boolean withholdRecords;

	private FakeOpenRouter(int port, boolean recording) throws IOException {
		this.recording = recording;
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	public static FakeOpenRouter start() {
		try {
			return new FakeOpenRouter(0, true);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Runs the fake on its own until the process is stopped, answering every request with
	 * {@link Reply#tokens} and recording nothing, so that a long load run holds no
	 * request bodies: {@code --port P} (0 picks one), {@code --tokens N} (20),
	 * {@code --gap-ms G} between tokens (0). Prints {@code BASE_URL <url>} once
	 * listening.
	 * @param args the options above
	 * @throws IOException when the port cannot be bound
	 */
	public static void main(String[] args) throws IOException {
		Map<String, String> options = new java.util.HashMap<>(Map.of("--port", "0", "--tokens", "20", "--gap-ms", "0"));
		for (int i = 0; i + 1 < args.length; i += 2) {
			if (options.put(args[i], args[i + 1]) == null) {
				throw new IllegalArgumentException("Unknown option " + args[i]);
			}
		}
		int tokens = Integer.parseInt(options.get("--tokens"));
		Duration gap = Duration.ofMillis(Long.parseLong(options.get("--gap-ms")));
		// without TCP_NODELAY, Nagle holds each small chunk until the peer's delayed ACK
		System.setProperty("sun.net.httpserver.nodelay", "true");
		FakeOpenRouter fake = new FakeOpenRouter(Integer.parseInt(options.get("--port")), false);
		fake.fallback((request) -> Reply.tokens(tokens, gap));
		System.out.println("BASE_URL " + fake.baseUrl());
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
		this.records.clear();
		this.recordDelay = Duration.ofMillis(300);
		this.withholdRecords = false;
		this.fallback = (request) -> Reply.text("Hello", " from", " the fake.");
	}

	/**
	 * Forgets the recorded requests only, so a long run does not keep every request body.
	 */
	public void forgetRequests() {
		this.requests.clear();
	}

	/**
	 * How long after a stream ends its generation record appears.
	 */
	public FakeOpenRouter recordDelay(Duration delay) {
		this.recordDelay = delay;
		return this;
	}

	/**
	 * Bills streams but never serves their generation records (404 for ever).
	 */
	public FakeOpenRouter withholdRecords() {
		this.withholdRecords = true;
		return this;
	}

	/**
	 * What the fake billed for every stream it began, aborted ones included, in USD.
	 */
	public java.math.BigDecimal billedUsd() {
		return this.records.values()
			.stream()
			.map(Generation::totalCost)
			.reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add);
	}

	/**
	 * Streams billed so far.
	 */
	public int generations() {
		return this.records.size();
	}

	/**
	 * The bill of one generation, whether or not its record is served yet.
	 */
	public java.math.BigDecimal billOf(String generationId) {
		Generation generation = this.records.get(generationId);
		return (generation != null) ? generation.totalCost() : null;
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
			if (exchange.getRequestMethod().equals("GET")
					&& exchange.getRequestURI().getPath().endsWith("/generation")) {
				generation(exchange);
				return;
			}
			if (!exchange.getRequestMethod().equals("POST")
					|| !exchange.getRequestURI().getPath().endsWith("/chat/completions")) {
				send(exchange, 404, "{\"error\":{\"code\":404,\"message\":\"Not found\"}}");
				return;
			}
			JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
			Recorded recorded = new Recorded(exchange.getRequestURI().getPath(), exchange.getRequestHeaders(), body);
			if (this.recording) {
				this.requests.add(recorded);
			}
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

	private void generation(HttpExchange exchange) throws IOException {
		String query = exchange.getRequestURI().getQuery();
		String id = (query != null && query.startsWith("id=")) ? query.substring(3) : "";
		Generation generation = this.records.get(id);
		if (generation == null || this.withholdRecords || System.nanoTime() < generation.availableAtNanos()) {
			send(exchange, 404, "{\"error\":{\"code\":404,\"message\":\"Generation not found\"}}");
			return;
		}
		send(exchange, 200,
				"{\"data\":{\"id\":" + Reply.quote(id) + ",\"model\":\"openai/gpt-4o\",\"streamed\":true,\"cancelled\":"
						+ generation.cancelled() + ",\"finish_reason\":null,\"total_cost\":"
						+ generation.totalCost().toPlainString() + ",\"tokens_prompt\":" + generation.promptTokens()
						+ ",\"tokens_completion\":" + generation.completionTokens() + ",\"native_tokens_prompt\":"
						+ generation.promptTokens() + ",\"native_tokens_completion\":" + generation.completionTokens()
						+ ",\"provider_name\":\"OpenAI\",\"latency\":1250,\"generation_time\":1200,"
						+ "\"created_at\":\"2026-07-15T23:33:19.433273+00:00\"}}");
	}

	private void bill(String id, Reply reply, int completionTokens, boolean cancelled) {
		java.math.BigDecimal cost = (reply.bill != null) ? reply.bill
				: (!cancelled && reply.usageCost != null) ? reply.usageCost : ABORTED_BILL;
		this.records.put(id,
				new Generation(cost, 13, completionTokens, cancelled, System.nanoTime() + this.recordDelay.toNanos()));
	}

	/**
	 * What a stream that ended without its usage chunk is billed, unless the reply says.
	 */
	public static final java.math.BigDecimal ABORTED_BILL = new java.math.BigDecimal("0.0004");

	private record Generation(java.math.BigDecimal totalCost, int promptTokens, int completionTokens, boolean cancelled,
			long availableAtNanos) {
	}

	private static void send(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
	}

	/**
	 * Waits, or less when the fake closes; {@code false} when it closed. Waits on a latch
	 * rather than polling, so thousands of held streams cost nothing while they wait.
	 */
	private boolean sleep(Duration duration) {
		try {
			return !this.stopped.await(duration.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@Override
	public void close() {
		this.stopped.countDown();
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

		private boolean closeBeforeHeaders;

		private Duration delayBetweenChunks = Duration.ZERO;

		private String model = "openai/gpt-4o";

		private java.math.BigDecimal usageCost;

		private java.math.BigDecimal bill;

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

		/**
		 * {@code count} numbered pieces, {@code gap} apart (none before the first), then
		 * {@code finish_reason: stop}, usage billed at 5 µ$ a completion token and
		 * {@code [DONE]}: the reply of the load runs.
		 */
		public static Reply tokens(int count, Duration gap) {
			Reply reply = stream();
			String[] pieces = pieces("tok", count);
			for (int i = 0; i < count; i++) {
				if (i > 0 && !gap.isZero()) {
					reply.pause(gap);
				}
				reply.content(pieces[i]);
			}
			String cost = new java.math.BigDecimal("0.000013")
				.add(new java.math.BigDecimal("0.000005").multiply(java.math.BigDecimal.valueOf(count)))
				.toPlainString();
			return reply.finish("stop").usage(13, count, cost).done();
		}

		public static Reply text(String... pieces) {
			return textAs("openai/gpt-4o", pieces);
		}

		/**
		 * A complete text reply whose chunks name {@code model} as the model that
		 * answered, as OpenRouter's do when a fallback model took over.
		 */
		public static Reply textAs(String model, String... pieces) {
			Reply reply = stream().answeringAs(model);
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

		/**
		 * Names {@code model} in the chunks added after this.
		 */
		public Reply answeringAs(String model) {
			this.model = model;
			return this;
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
					+ "\"model\":" + quote(this.model) + ",\"provider\":\"OpenAI\",\"choices\":[{\"index\":0,\"delta\":"
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
			this.usageCost = (cost != null) ? new java.math.BigDecimal(cost) : null;
			return chunk("{\"id\":\"gen-fake\",\"object\":\"chat.completion.chunk\",\"created\":1677652288,"
					+ "\"model\":" + quote(this.model) + ",\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt
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

		/**
		 * What this stream is billed when it does not run to its usage chunk (aborted,
		 * failed mid-stream), or has none; by default {@link #ABORTED_BILL}.
		 */
		public Reply bill(String usd) {
			this.bill = new java.math.BigDecimal(usd);
			return this;
		}

		/**
		 * Waits until the gate opens before the next step.
		 */
		public Reply await(java.util.concurrent.CountDownLatch gate) {
			this.steps.add(new Step(null, null, gate));
			return this;
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

		/**
		 * Reads the request and closes the connection without a byte of response, as a
		 * server does with a kept-alive connection it closed just as the client reused
		 * it.
		 */
		public static Reply closeBeforeHeaders() {
			Reply reply = new Reply(200, null);
			reply.closeBeforeHeaders = true;
			return reply;
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
			if (this.closeBeforeHeaders) {
				throw new DroppedConnection();
			}
			this.headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
			if (this.errorBody != null) {
				send(exchange, this.status, this.errorBody);
				return;
			}
			exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
			exchange.getResponseHeaders().set("Cache-Control", "no-cache");
			String generationId = "gen-fake-" + fake.generations.incrementAndGet();
			exchange.getResponseHeaders().set("X-Generation-Id", generationId);
			exchange.sendResponseHeaders(200, 0);
			OutputStream out = exchange.getResponseBody();
			boolean finished = false;
			try {
				finished = playSteps(fake, out, generationId);
			}
			finally {
				fake.bill(generationId, this, this.contentSent, !finished);
			}
		}

		private int contentSent;

		/**
		 * Plays the stream; {@code true} when it ran to its end.
		 */
		private boolean playSteps(FakeOpenRouter fake, OutputStream out, String generationId) throws IOException {
			for (Step step : this.steps) {
				if (step.gate() != null) {
					try {
						step.gate().await(1, java.util.concurrent.TimeUnit.MINUTES);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return false;
					}
					continue;
				}
				if (step.text() == null && step.pause() == null) {
					throw new DroppedConnection();
				}
				if (step.pause() != null) {
					if (!fake.sleep(step.pause())) {
						return false;
					}
					continue;
				}
				if (step.text().startsWith("data: {") && !fake.sleep(this.delayBetweenChunks)) {
					return false;
				}
				try {
					out.write(
							step.text().replace("\"gen-fake\"", quote(generationId)).getBytes(StandardCharsets.UTF_8));
					out.flush();
				}
				catch (IOException ex) {
					fake.aborts.incrementAndGet();
					return false;
				}
				if (step.text().contains("\"content\":\"")) {
					this.contentSent++;
				}
				if (step.text().contains("\"finish_reason\":\"error\"")) {
					return false;
				}
			}
			return true;
		}

		private static String quote(String text) {
			return (text != null) ? JSON.writeValueAsString(text) : "null";
		}

		private record Step(String text, Duration pause, java.util.concurrent.CountDownLatch gate) {

			Step(String text, Duration pause) {
				this(text, pause, null);
			}

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
