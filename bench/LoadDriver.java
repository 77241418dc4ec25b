import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Load driver for chatkit-rest and the fake upstream, on virtual threads and raw HTTP/1.1
 * sockets (keep-alive, chunked decoding) so that the client adds as little as possible.
 * Every mode prints one JSON line on stdout.
 *
 * <pre>
 * stream --target direct|service|portkey --url URL -c C -n N [--secret S] [--upstream URL]
 *     time to first content (direct and portkey: first content chunk; service: first delta
 *     event) and total time per stream; portkey forwards to --upstream as an OpenAI host
 * rps --method GET|POST --url URL --path P -c C --duration S [--warmup S] [--secret S] [--no-auth] [--seed K]
 *     throughput and latency of plain requests
 * hold --url URL --pid PID --steps 1000,2000,5000 [--ramp R] --secret S [--histogram FILE] [--heap-dump FILE]
 *     opens slow streams in steps, forces a full GC at each step and reads the heap used
 *     (jcmd GC.heap_info); at the last step, writes jcmd GC.class_histogram and a heap dump
 * ready --url URL --since-ms EPOCH_MS
 *     waits for the readiness probe to say UP and prints the time since the given instant
 * </pre>
 */
public class LoadDriver {

	static final Map<String, String> opts = new HashMap<>();

	public static void main(String[] args) throws Exception {
		String mode = args[0];
		for (int i = 1; i < args.length; i++) {
			String key = args[i].replaceFirst("^-+", "");
			if (i + 1 < args.length && !args[i + 1].startsWith("--") && !args[i + 1].equals("-c")
					&& !args[i + 1].equals("-n")) {
				opts.put(key, args[++i]);
			}
			else {
				opts.put(key, "true");
			}
		}
		switch (mode) {
			case "stream" -> stream();
			case "rps" -> rps();
			case "hold" -> hold();
			case "ready" -> ready();
			default -> throw new IllegalArgumentException("Unknown mode " + mode);
		}
	}

	static String opt(String key, String otherwise) {
		return opts.getOrDefault(key, otherwise);
	}

	static int intOpt(String key, int otherwise) {
		return Integer.parseInt(opt(key, String.valueOf(otherwise)));
	}

	// ---------------------------------------------------------------- stream

	static void stream() throws Exception {
		String target = opt("target", "service");
		boolean direct = !target.equals("service");
		URI url = URI.create(opt("url", null));
		int c = intOpt("c", 1);
		int n = intOpt("n", 100);
		String secret = opt("secret", null);
		String runId = Long.toString(System.nanoTime(), 36);
		AtomicInteger next = new AtomicInteger();
		long[] ttft = new long[n];
		long[] total = new long[n];
		AtomicInteger ok = new AtomicInteger();
		Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
		byte[] directBody = "{\"model\":\"openai/gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}"
			.getBytes(StandardCharsets.UTF_8);
		long wallStart = System.nanoTime();
		try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int w = 0; w < c; w++) {
				int worker = w;
				pool.submit(() -> {
					Client client = new Client(url);
					String session = null;
					Map<String, String> headers = new LinkedHashMap<>();
					if (direct) {
						headers.put("Authorization", "Bearer bench");
						if (target.equals("portkey")) {
							headers.put("x-portkey-provider", "openai");
							headers.put("x-portkey-custom-host", opt("upstream", null));
						}
					}
					else {
						headers.put("Authorization", "Bearer " + jwt(secret, "bench-" + runId + "-" + worker));
						forwardedFor(headers, worker);
					}
					int i;
					while ((i = next.getAndIncrement()) < n) {
						try {
							if (!direct && session == null) {
								session = createSession(client, headers);
							}
							String path = direct ? url.getPath() + "/chat/completions"
									: "/api/v1/chatkit/sessions/" + session + "/messages";
							byte[] body = direct ? directBody : "{\"text\":\"hello\"}".getBytes(StandardCharsets.UTF_8);
							long t0 = System.nanoTime();
							Response response = client.send("POST", path, headers, body);
							if (response.status != 200) {
								errors.computeIfAbsent("http_" + response.status, (k) -> new AtomicInteger()).incrementAndGet();
								response.drain();
								ttft[i] = -1;
								continue;
							}
							long first = -1;
							boolean good = false;
							String line;
							String event = null;
							while ((line = response.readLine()) != null) {
								if (direct) {
									if (first < 0 && line.startsWith("data: ") && line.contains("\"content\":\"")) {
										first = System.nanoTime();
									}
									if (line.equals("data: [DONE]")) {
										good = true;
									}
								}
								else if (line.startsWith("event: ")) {
									event = line.substring(7);
									if (first < 0 && event.equals("delta")) {
										first = System.nanoTime();
									}
									else if (event.equals("error")) {
										good = false;
									}
								}
								else if (line.startsWith("data: ") && "done".equals(event)) {
									good = true;
								}
								else if (line.startsWith("data: ") && "error".equals(event)) {
									errors.computeIfAbsent("sse_error", (k) -> new AtomicInteger()).incrementAndGet();
								}
							}
							long end = System.nanoTime();
							client.afterResponse(response);
							if (good && first > 0) {
								ttft[i] = first - t0;
								total[i] = end - t0;
								ok.incrementAndGet();
							}
							else {
								ttft[i] = -1;
								errors.computeIfAbsent("incomplete", (k) -> new AtomicInteger()).incrementAndGet();
							}
						}
						catch (IOException | RuntimeException ex) {
							ttft[i] = -1;
							errors.computeIfAbsent(ex.getClass().getSimpleName(), (k) -> new AtomicInteger())
								.incrementAndGet();
							client.close();
						}
					}
					client.close();
					return null;
				});
			}
		}
		double wall = (System.nanoTime() - wallStart) / 1e9;
		StringBuilder out = new StringBuilder();
		out.append("{\"mode\":\"stream\",\"target\":\"").append(target).append("\",\"c\":").append(c)
			.append(",\"n\":").append(n)
			.append(",\"ok\":").append(ok.get()).append(",\"errors\":").append(json(errors))
			.append(",\"wall_s\":").append(fmt(wall))
			.append(",\"ttft_ms\":").append(stats(ttft))
			.append(",\"total_ms\":").append(stats(total))
			.append("}");
		System.out.println(out);
	}

	static String createSession(Client client, Map<String, String> headers) throws IOException {
		Response response = client.send("POST", "/api/v1/chatkit/sessions", headers,
				"{\"title\":\"bench\"}".getBytes(StandardCharsets.UTF_8));
		String body = response.bodyString();
		client.afterResponse(response);
		if (response.status != 200) {
			throw new IOException("POST /sessions answered " + response.status + ": " + body);
		}
		Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"").matcher(body);
		if (!m.find()) {
			throw new IOException("No session id in " + body);
		}
		return m.group(1);
	}

	// ---------------------------------------------------------------- rps

	static void rps() throws Exception {
		URI url = URI.create(opt("url", null));
		String method = opt("method", "GET");
		String path = opt("path", "/api/v1/chatkit/sessions");
		int c = intOpt("c", 16);
		double duration = Double.parseDouble(opt("duration", "10"));
		double warmup = Double.parseDouble(opt("warmup", "3"));
		boolean auth = !opts.containsKey("no-auth");
		int seed = intOpt("seed", 0);
		Map<String, String> headers = new LinkedHashMap<>();
		if (auth) {
			headers.put("Authorization", "Bearer " + jwt(opt("secret", null), "bench-rps-" + Long.toString(System.nanoTime(), 36)));
		}
		if (seed > 0) {
			try (Client client = new Client(url)) {
				for (int i = 0; i < seed; i++) {
					createSession(client, headers);
				}
			}
		}
		byte[] body = method.equals("POST") ? "{\"title\":\"bench\"}".getBytes(StandardCharsets.UTF_8) : null;
		long start = System.nanoTime();
		long measureFrom = start + (long) (warmup * 1e9);
		long end = measureFrom + (long) (duration * 1e9);
		ConcurrentLinkedQueue<long[]> all = new ConcurrentLinkedQueue<>();
		Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
		AtomicLong measured = new AtomicLong();
		try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int w = 0; w < c; w++) {
				Map<String, String> workerHeaders = new LinkedHashMap<>(headers);
				forwardedFor(workerHeaders, w);
				pool.submit(() -> {
					long[] lat = new long[1 << 16];
					int count = 0;
					Client client = new Client(url);
					while (true) {
						long t0 = System.nanoTime();
						if (t0 >= end) {
							break;
						}
						try {
							Response response = client.send(method, path, workerHeaders, body);
							response.drain();
							client.afterResponse(response);
							long t1 = System.nanoTime();
							if (t0 >= measureFrom) {
								statuses.computeIfAbsent(String.valueOf(response.status), (k) -> new AtomicInteger())
									.incrementAndGet();
								if (count == lat.length) {
									lat = Arrays.copyOf(lat, lat.length * 2);
								}
								lat[count++] = t1 - t0;
								measured.incrementAndGet();
							}
						}
						catch (IOException ex) {
							statuses.computeIfAbsent(ex.getClass().getSimpleName(), (k) -> new AtomicInteger())
								.incrementAndGet();
							client.close();
						}
					}
					client.close();
					all.add(Arrays.copyOf(lat, count));
					return null;
				});
			}
		}
		long[] merged = all.stream().flatMapToLong(Arrays::stream).toArray();
		System.out.println("{\"mode\":\"rps\",\"method\":\"" + method + "\",\"path\":\"" + path + "\",\"c\":" + c
				+ ",\"duration_s\":" + duration + ",\"requests\":" + measured.get() + ",\"rps\":"
				+ fmt(measured.get() / duration) + ",\"statuses\":" + json(statuses) + ",\"latency_ms\":" + stats(merged)
				+ "}");
	}

	// ---------------------------------------------------------------- hold

	static void hold() throws Exception {
		URI url = URI.create(opt("url", null));
		String pid = opt("pid", null);
		String secret = opt("secret", null);
		int ramp = intOpt("ramp", 400);
		// below chatkit.streams.max-per-user (16)
		int perUser = 10;
		double failStop = Double.parseDouble(opt("fail-stop", "0.01"));
		String runId = Long.toString(System.nanoTime(), 36);
		List<Integer> steps = Arrays.stream(opt("steps", "1000,2000,5000").split(",")).map(Integer::parseInt).toList();
		List<Client> openClients = new ArrayList<>();
		Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
		ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
		long baseline = heapAfterGc(pid);
		System.err.println("baseline heap " + baseline);
		StringBuilder rows = new StringBuilder();
		int opened = 0;
		int openedOk = 0;
		long previousHeap = baseline;
		int previousOk = 0;
		for (int target : steps) {
			int toOpen = target - opened;
			CountDownLatch ready = new CountDownLatch(toOpen);
			AtomicInteger good = new AtomicInteger();
			long t0 = System.nanoTime();
			for (int k = 0; k < toOpen; k++) {
				int index = opened + k;
				long due = t0 + (long) (k * 1e9 / ramp);
				long wait = due - System.nanoTime();
				if (wait > 0) {
					TimeUnit.NANOSECONDS.sleep(wait);
				}
				Client client = new Client(url);
				synchronized (openClients) {
					openClients.add(client);
				}
				pool.submit(() -> {
					boolean counted = false;
					try {
						Map<String, String> headers = new LinkedHashMap<>();
						headers.put("Authorization", "Bearer " + jwt(secret, "bench-hold-" + runId + "-" + (index / perUser)));
						forwardedFor(headers, index);
						String session = createSession(client, headers);
						Response response = client.send("POST", "/api/v1/chatkit/sessions/" + session + "/messages",
								headers, "{\"text\":\"hello\"}".getBytes(StandardCharsets.UTF_8));
						if (response.status != 200) {
							errors.computeIfAbsent("http_" + response.status, (x) -> new AtomicInteger()).incrementAndGet();
							return null;
						}
						String line;
						while ((line = response.readLine()) != null) {
							if (!counted && line.equals("event: delta")) {
								counted = true;
								good.incrementAndGet();
								ready.countDown();
							}
							else if (line.equals("event: error")) {
								errors.computeIfAbsent("sse_error", (x) -> new AtomicInteger()).incrementAndGet();
							}
						}
					}
					catch (IOException | RuntimeException ex) {
						if (!counted) {
							errors.computeIfAbsent(ex.getClass().getSimpleName(), (x) -> new AtomicInteger())
								.incrementAndGet();
						}
					}
					finally {
						if (!counted) {
							ready.countDown();
						}
					}
					return null;
				});
			}
			ready.await(120, TimeUnit.SECONDS);
			double openSeconds = (System.nanoTime() - t0) / 1e9;
			opened = target;
			int stepErrors = toOpen - good.get();
			int held = countOpen(openClients, errors);
			long heap = heapAfterGc(pid);
			long rss = rss(pid);
			openedOk += good.get();
			String row = "{\"target\":" + target + ",\"opened_ok\":" + good.get() + ",\"step_errors\":" + stepErrors
					+ ",\"sockets_open\":" + held
					+ ",\"open_s\":" + fmt(openSeconds) + ",\"heap_after_gc_bytes\":" + heap + ",\"rss_bytes\":" + rss
					+ ",\"heap_per_stream_bytes\":" + (heap - baseline) / Math.max(1, openedOk)
					// the streams of this step alone: one-time initialisation is in the first step
					+ ",\"marginal_heap_per_stream_bytes\":" + (heap - previousHeap) / Math.max(1, openedOk - previousOk)
					+ "}";
			previousHeap = heap;
			previousOk = openedOk;
			System.err.println(row);
			rows.append(rows.isEmpty() ? "" : ",").append(row);
			boolean last = heap < 0 || stepErrors > failStop * toOpen || target == steps.getLast();
			if (last && opts.containsKey("histogram")) {
				jcmd(pid, "GC.class_histogram", java.nio.file.Path.of(opt("histogram", null)));
			}
			if (last && opts.containsKey("heap-dump")) {
				jcmd(pid, "GC.heap_dump " + opt("heap-dump", null), java.nio.file.Path.of("/dev/null"));
			}
			if (last) {
				break;
			}
		}
		synchronized (openClients) {
			openClients.forEach(Client::close);
		}
		pool.shutdown();
		pool.awaitTermination(60, TimeUnit.SECONDS);
		System.out.println("{\"mode\":\"hold\",\"baseline_heap_bytes\":" + baseline + ",\"errors\":" + json(errors)
				+ ",\"steps\":[" + rows + "]}");
	}

	static int countOpen(List<Client> clients, Map<String, AtomicInteger> errors) {
		synchronized (clients) {
			return (int) clients.stream().filter((c) -> c.socket != null && !c.socket.isClosed()).count();
		}
	}

	/**
	 * Heap used after a full GC, in bytes, from {@code jcmd GC.heap_info}; -1 when the JVM
	 * does not answer in time.
	 */
	static long heapAfterGc(String pid) throws Exception {
		java.nio.file.Path out = java.nio.file.Files.createTempFile("heap-info", ".txt");
		try {
			if (!jcmd(pid, "GC.run", out) || !jcmd(pid, "GC.heap_info", out)) {
				return -1;
			}
			Matcher m = Pattern.compile("heap\\s+total[^\\n]*?used (\\d+)K").matcher(java.nio.file.Files.readString(out));
			return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
		}
		finally {
			java.nio.file.Files.deleteIfExists(out);
		}
	}

	static boolean jcmd(String pid, String command, java.nio.file.Path out) throws Exception {
		List<String> line = new ArrayList<>(List.of("jcmd", pid));
		line.addAll(List.of(command.split(" ")));
		Process process = new ProcessBuilder(line).redirectErrorStream(true)
			.redirectOutput(out.toFile())
			.start();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			// a JVM deep in GC trouble may never answer: report the step as failed rather than hang
			process.destroyForcibly();
			return false;
		}
		return process.exitValue() == 0;
	}

	static long rss(String pid) {
		try {
			for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc", pid, "status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
				}
			}
		}
		catch (IOException ex) {
			return -1;
		}
		return -1;
	}

	// ---------------------------------------------------------------- ready

	static void ready() throws Exception {
		URI url = URI.create(opt("url", null));
		long since = Long.parseLong(opt("since-ms", "0"));
		long deadline = System.currentTimeMillis() + 180_000;
		// a process that exited (a port taken before it bound it, say) is not waited for
		java.util.Optional<ProcessHandle> process = opts.containsKey("pid")
				? ProcessHandle.of(Long.parseLong(opt("pid", null))) : java.util.Optional.empty();
		while (System.currentTimeMillis() < deadline && process.map(ProcessHandle::isAlive).orElse(true)) {
			try (Client client = new Client(url)) {
				Response response = client.send("GET", url.getPath(), Map.of(), null);
				String body = response.bodyString();
				if (response.status == 200 && body.contains("\"UP\"")) {
					System.out.println("{\"mode\":\"ready\",\"ready_ms\":" + (System.currentTimeMillis() - since) + "}");
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(10);
		}
		System.out.println("{\"mode\":\"ready\",\"ready_ms\":-1}");
	}

	// ---------------------------------------------------------------- helpers

	/**
	 * Gives each worker its own client address (the service trusts X-Forwarded-For from
	 * 127.0.0.1 in these runs), as real clients have; {@code --same-ip} sends none, so every
	 * request hits one rate-limit bucket.
	 */
	static void forwardedFor(Map<String, String> headers, int worker) {
		if (!opts.containsKey("same-ip")) {
			headers.put("X-Forwarded-For", "10." + ((worker >> 16) & 255) + "." + ((worker >> 8) & 255) + "." + (worker & 255));
		}
	}

	static String jwt(String secret, String subject) {
		try {
			Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
			long now = System.currentTimeMillis() / 1000;
			String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
			String payload = b64.encodeToString(("{\"sub\":\"" + subject + "\",\"iat\":" + now + ",\"exp\":" + (now + 7200)
					+ "}").getBytes(StandardCharsets.UTF_8));
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			String signature = b64.encodeToString(mac.doFinal((header + "." + payload).getBytes(StandardCharsets.UTF_8)));
			return header + "." + payload + "." + signature;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String stats(long[] nanos) {
		long[] v = Arrays.stream(nanos).filter((x) -> x > 0).sorted().toArray();
		if (v.length == 0) {
			return "null";
		}
		return "{\"count\":" + v.length + ",\"p50\":" + ms(pct(v, 0.50)) + ",\"p90\":" + ms(pct(v, 0.90)) + ",\"p99\":"
				+ ms(pct(v, 0.99)) + ",\"max\":" + ms(v[v.length - 1]) + ",\"mean\":"
				+ ms((long) Arrays.stream(v).average().orElse(0)) + "}";
	}

	static long pct(long[] sorted, double q) {
		int rank = (int) Math.ceil(q * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}

	static String ms(long nanos) {
		return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
	}

	static String fmt(double value) {
		return String.format(Locale.ROOT, "%.3f", value);
	}

	static String json(Map<String, AtomicInteger> counts) {
		StringBuilder sb = new StringBuilder("{");
		counts.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v.get()));
		return sb.append('}').toString();
	}

	/** One keep-alive HTTP/1.1 connection. */
	static final class Client implements Closeable {

		final String host;

		final int port;

		Socket socket;

		InputStream in;

		OutputStream out;

		Client(URI url) {
			this.host = url.getHost();
			this.port = url.getPort();
		}

		Response send(String method, String path, Map<String, String> headers, byte[] body) throws IOException {
			if (this.socket == null) {
				this.socket = new Socket();
				this.socket.setTcpNoDelay(true);
				this.socket.connect(new InetSocketAddress(this.host, this.port), 10_000);
				this.in = new BufferedInputStream(this.socket.getInputStream(), 16384);
				this.out = this.socket.getOutputStream();
			}
			StringBuilder head = new StringBuilder();
			head.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(this.host).append(':')
				.append(this.port).append("\r\nAccept: */*\r\n");
			headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
			if (body != null) {
				head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
			}
			head.append("\r\n");
			byte[] bytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
			if (body != null) {
				byte[] all = Arrays.copyOf(bytes, bytes.length + body.length);
				System.arraycopy(body, 0, all, bytes.length, body.length);
				bytes = all;
			}
			this.out.write(bytes);
			this.out.flush();
			String status = line(this.in);
			if (status == null) {
				throw new IOException("connection closed");
			}
			Response response = new Response();
			response.status = Integer.parseInt(status.split(" ")[1]);
			String h;
			while ((h = line(this.in)) != null && !h.isEmpty()) {
				int colon = h.indexOf(':');
				response.headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
			}
			String length = response.headers.get("content-length");
			if ("chunked".equalsIgnoreCase(response.headers.get("transfer-encoding"))) {
				response.body = new Chunked(this.in);
			}
			else {
				response.body = new Bounded(this.in, (length != null) ? Long.parseLong(length) : 0);
			}
			return response;
		}

		void afterResponse(Response response) {
			if ("close".equalsIgnoreCase(response.headers.get("connection"))) {
				close();
			}
		}

		@Override
		public void close() {
			if (this.socket != null) {
				try {
					this.socket.close();
				}
				catch (IOException ex) {
					// closing anyway
				}
				this.socket = null;
			}
		}

	}

	static final class Response {

		int status;

		final Map<String, String> headers = new HashMap<>();

		InputStream body;

		String readLine() throws IOException {
			return line(this.body);
		}

		void drain() throws IOException {
			this.body.transferTo(OutputStream.nullOutputStream());
		}

		String bodyString() throws IOException {
			return new String(this.body.readAllBytes(), StandardCharsets.UTF_8);
		}

	}

	static String line(InputStream in) throws IOException {
		ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
		int b;
		while ((b = in.read()) != -1) {
			if (b == '\n') {
				break;
			}
			buffer.write(b);
		}
		if (b == -1 && buffer.size() == 0) {
			return null;
		}
		String s = buffer.toString(StandardCharsets.UTF_8);
		return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
	}

	static final class Bounded extends InputStream {

		private final InputStream in;

		private long left;

		Bounded(InputStream in, long length) {
			this.in = in;
			this.left = length;
		}

		@Override
		public int read() throws IOException {
			if (this.left <= 0) {
				return -1;
			}
			int b = this.in.read();
			if (b < 0) {
				throw new IOException("truncated body");
			}
			this.left--;
			return b;
		}

	}

	static final class Chunked extends InputStream {

		private final InputStream in;

		private long left;

		private boolean done;

		Chunked(InputStream in) {
			this.in = in;
		}

		@Override
		public int read() throws IOException {
			if (this.done) {
				return -1;
			}
			if (this.left == 0) {
				String size = line(this.in);
				if (size != null && size.isEmpty()) {
					size = line(this.in);
				}
				if (size == null) {
					throw new IOException("truncated chunked body");
				}
				int semi = size.indexOf(';');
				this.left = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
				if (this.left == 0) {
					String trailer;
					while ((trailer = line(this.in)) != null && !trailer.isEmpty()) {
						// trailers are ignored
					}
					this.done = true;
					return -1;
				}
			}
			int b = this.in.read();
			if (b < 0) {
				throw new IOException("truncated chunk");
			}
			this.left--;
			return b;
		}

	}

}
