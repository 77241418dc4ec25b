package io.chatkit.rest.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.chatkit.rest.support.SseEvents.Event;

/**
 * One open event stream read event by event, as a browser's {@code EventSource} or a
 * reconnecting client reads it; closing it drops the connection mid-stream.
 */
public final class SseConnection implements AutoCloseable {

	private final HttpClient http;

	private final HttpResponse<InputStream> response;

	private final BufferedReader in;

	private SseConnection(HttpClient http, HttpResponse<InputStream> response) {
		this.http = http;
		this.response = response;
		this.in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
	}

	/**
	 * Opens a stream.
	 * @param port the service's port
	 * @param method {@code GET} or {@code POST}
	 * @param path the path
	 * @param token the bearer token
	 * @param json the JSON body, or {@code null}
	 * @param headers more request headers
	 * @return the open stream, whatever its status
	 */
	public static SseConnection open(int port, String method, String path, String token, String json,
			Map<String, String> headers) {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Authorization", "Bearer " + token)
			.method(method,
					(json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody());
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		headers.forEach(request::header);
		try {
			return new SseConnection(http, http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public int status() {
		return this.response.statusCode();
	}

	public String header(String name) {
		return this.response.headers().firstValue(name).orElse(null);
	}

	/**
	 * The next event, waiting for it.
	 * @return the event, or {@code null} when the stream ended
	 */
	public Event next() {
		StringBuilder block = new StringBuilder();
		try {
			String line;
			while ((line = this.in.readLine()) != null) {
				if (line.isEmpty()) {
					List<Event> events = SseEvents.parse(block.toString());
					if (!events.isEmpty()) {
						return events.get(0);
					}
					block.setLength(0);
				}
				else {
					block.append(line).append('\n');
				}
			}
			return null;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The next events, waiting for them.
	 * @param count how many
	 * @return the events, fewer when the stream ended first
	 */
	public List<Event> next(int count) {
		List<Event> events = new ArrayList<>();
		Event event;
		while (events.size() < count && (event = next()) != null) {
			events.add(event);
		}
		return events;
	}

	/**
	 * Every event until the stream ends.
	 */
	public List<Event> rest() {
		return next(Integer.MAX_VALUE);
	}

	/**
	 * Drops the connection.
	 */
	@Override
	public void close() {
		try {
			this.in.close();
		}
		catch (IOException ex) {
			// dropping it is the point
		}
		this.http.shutdownNow();
	}

}
