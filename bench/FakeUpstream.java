import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OpenAI-compatible chat completions endpoint that streams the OpenRouter wire format
 * (see /work/shared/OPENROUTER-WIRE.md) with a fixed, configurable timing, so that load runs
 * measure the service and not a model provider.
 *
 * <pre>
 * java bench/FakeUpstream.java [--port 0] [--tokens 20] [--delay-ms 0] [--first-delay-ms 0]
 * </pre>
 *
 * Per request, the headers {@code X-Fake-Tokens}, {@code X-Fake-Delay-Ms} and
 * {@code X-Fake-First-Delay-Ms} override the defaults (used by direct runs). The service
 * forwards no such headers, so the defaults can also be changed at run time with
 * {@code POST /_config?tokens=20&delayMs=10&firstDelayMs=0}; {@code GET /_stats} reports
 * open and finished streams. The chosen port is printed as {@code PORT <n>} on stdout.
 */
public class FakeUpstream {

	static volatile int tokens = 20;

	static volatile long delayMs = 0;

	static volatile long firstDelayMs = 0;

	static final AtomicInteger open = new AtomicInteger();

	static final AtomicLong finished = new AtomicLong();

	static final AtomicLong aborted = new AtomicLong();

	public static void main(String[] args) throws IOException {
		int port = 0;
		for (int i = 0; i < args.length; i += 2) {
			switch (args[i]) {
				case "--port" -> port = Integer.parseInt(args[i + 1]);
				case "--tokens" -> tokens = Integer.parseInt(args[i + 1]);
				case "--delay-ms" -> delayMs = Long.parseLong(args[i + 1]);
				case "--first-delay-ms" -> firstDelayMs = Long.parseLong(args[i + 1]);
				default -> throw new IllegalArgumentException("Unknown argument " + args[i]);
			}
		}
		// Without TCP_NODELAY, Nagle holds each small chunk until the peer's delayed ACK (40 ms).
		System.setProperty("sun.net.httpserver.nodelay", "true");
		// The default keeps at most 200 idle keep-alive connections and closes the rest.
		System.setProperty("sun.net.httpserver.maxIdleConnections", "20000");
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16384);
		server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		server.createContext("/chat/completions", FakeUpstream::complete);
		server.createContext("/_config", FakeUpstream::config);
		server.createContext("/_stats", FakeUpstream::stats);
		server.start();
		System.out.println("PORT " + server.getAddress().getPort());
		System.out.flush();
	}

	static void complete(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (!"POST".equals(exchange.getRequestMethod())) {
				reply(exchange, 405, "{\"error\":{\"code\":405,\"message\":\"Method not allowed\"}}");
				return;
			}
			String auth = exchange.getRequestHeaders().getFirst("Authorization");
			try (InputStream in = exchange.getRequestBody()) {
				in.transferTo(OutputStream.nullOutputStream());
			}
			if (auth == null || !auth.startsWith("Bearer ") || auth.length() <= 7) {
				reply(exchange, 401, "{\"error\":{\"code\":401,\"message\":\"No auth credentials found\"}}");
				return;
			}
			int n = header(exchange, "X-Fake-Tokens", tokens);
			long gap = header(exchange, "X-Fake-Delay-Ms", delayMs);
			long first = header(exchange, "X-Fake-First-Delay-Ms", firstDelayMs);
			stream(exchange, n, gap, first);
		}
	}

	private static void stream(HttpExchange exchange, int n, long gap, long first) throws IOException {
		String id = "gen-" + UUID.randomUUID();
		long created = System.currentTimeMillis() / 1000;
		exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
		exchange.getResponseHeaders().set("Cache-Control", "no-cache");
		exchange.getResponseHeaders().set("X-Generation-Id", id);
		exchange.sendResponseHeaders(200, 0);
		open.incrementAndGet();
		boolean done = false;
		try (OutputStream out = exchange.getResponseBody()) {
			write(out, ": OPENROUTER PROCESSING\n\n");
			pause(first);
			String head = "data: {\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":" + created
					+ ",\"model\":\"openai/gpt-4o-mini\",\"provider\":\"OpenAI\",\"choices\":[{\"index\":0,\"delta\":{";
			for (int i = 0; i < n; i++) {
				if (i > 0) {
					pause(gap);
				}
				String role = (i == 0) ? "\"role\":\"assistant\"," : "";
				write(out, head + role + "\"content\":\"" + (i == 0 ? "tok" : " tok") + i
						+ "\"},\"finish_reason\":null,\"native_finish_reason\":null}]}\n\n");
			}
			write(out, head + "},\"finish_reason\":\"stop\",\"native_finish_reason\":\"stop\"}]}\n\n");
			String cost = String.format(java.util.Locale.ROOT, "%.6f", 0.000013 + n * 0.000005);
			String completionCost = String.format(java.util.Locale.ROOT, "%.6f", n * 0.000005);
			write(out, "data: {\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":" + created
					+ ",\"model\":\"openai/gpt-4o-mini\",\"provider\":\"OpenAI\",\"choices\":[],\"usage\":{\"prompt_tokens\":13,"
					+ "\"completion_tokens\":" + n + ",\"total_tokens\":" + (13 + n) + ",\"cost\":" + cost
					+ ",\"is_byok\":false,\"prompt_tokens_details\":{\"cached_tokens\":0,\"cache_write_tokens\":0,"
					+ "\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0},\"cost_details\":"
					+ "{\"upstream_inference_cost\":null,\"upstream_inference_prompt_cost\":0.000013,"
					+ "\"upstream_inference_completions_cost\":" + completionCost + "}}}\n\n");
			write(out, "data: [DONE]\n\n");
			done = true;
		}
		catch (IOException ex) {
			// The client went away (cancellation); that ends the stream.
		}
		finally {
			open.decrementAndGet();
			(done ? finished : aborted).incrementAndGet();
		}
	}

	private static void write(OutputStream out, String text) throws IOException {
		out.write(text.getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	private static void pause(long millis) throws IOException {
		if (millis <= 0) {
			return;
		}
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted");
		}
	}

	private static int header(HttpExchange exchange, String name, int otherwise) {
		String value = exchange.getRequestHeaders().getFirst(name);
		return (value != null) ? Integer.parseInt(value.trim()) : otherwise;
	}

	private static long header(HttpExchange exchange, String name, long otherwise) {
		String value = exchange.getRequestHeaders().getFirst(name);
		return (value != null) ? Long.parseLong(value.trim()) : otherwise;
	}

	static void config(HttpExchange exchange) throws IOException {
		try (exchange) {
			Map<String, String> query = query(exchange.getRequestURI());
			if (query.containsKey("tokens")) {
				tokens = Integer.parseInt(query.get("tokens"));
			}
			if (query.containsKey("delayMs")) {
				delayMs = Long.parseLong(query.get("delayMs"));
			}
			if (query.containsKey("firstDelayMs")) {
				firstDelayMs = Long.parseLong(query.get("firstDelayMs"));
			}
			reply(exchange, 200, "{\"tokens\":" + tokens + ",\"delay_ms\":" + delayMs + ",\"first_delay_ms\":"
					+ firstDelayMs + "}");
		}
	}

	static void stats(HttpExchange exchange) throws IOException {
		try (exchange) {
			reply(exchange, 200, "{\"open\":" + open.get() + ",\"finished\":" + finished.get() + ",\"aborted\":"
					+ aborted.get() + "}");
		}
	}

	private static Map<String, String> query(URI uri) {
		Map<String, String> values = new HashMap<>();
		String raw = uri.getRawQuery();
		if (raw != null) {
			for (String pair : raw.split("&")) {
				int eq = pair.indexOf('=');
				if (eq > 0) {
					values.put(pair.substring(0, eq), pair.substring(eq + 1));
				}
			}
		}
		return values;
	}

	private static void reply(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
