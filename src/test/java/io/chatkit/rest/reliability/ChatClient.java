package io.chatkit.rest.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.ApiClient.Response;
import io.chatkit.rest.support.SseEvents;
import io.chatkit.rest.support.SseEvents.Event;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client side of the reliability tests: sessions, messages, and a client that walks
 * away from a stream.
 */
final class ChatClient {

	static final String SESSIONS = "/api/v1/chatkit/sessions";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final int port;

	private final ApiClient api;

	ChatClient(int port) {
		this.port = port;
		this.api = new ApiClient(port);
	}

	ApiClient api() {
		return this.api;
	}

	String createSession(String token) {
		Response response = this.api.post(SESSIONS, token, null);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json().path("data").path("id").asString();
	}

	Response send(String token, String sessionId, String text) {
		return this.api.post(SESSIONS + "/" + sessionId + "/messages", token,
				"{\"text\":" + JSON.writeValueAsString(text) + "}");
	}

	List<Event> reply(String token, String sessionId, String text) {
		Response response = send(token, sessionId, text);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return SseEvents.parse(response.body());
	}

	/**
	 * Sends a message over a raw connection, reads until the first {@code delta} and
	 * closes the connection.
	 * @return the assistant message id from {@code start}
	 */
	String sendAndWalkAway(String token, String sessionId) throws IOException {
		byte[] body = "{\"text\":\"Tell me a long story\"}".getBytes(StandardCharsets.UTF_8);
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST " + SESSIONS + "/" + sessionId + "/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n"
					+ "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\n" + "Content-Length: "
					+ body.length + "\r\n\r\n")
				.getBytes(StandardCharsets.UTF_8));
			out.write(body);
			out.flush();
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
			String assistantId = null;
			String line;
			while ((line = in.readLine()) != null) {
				if (line.startsWith("data: {\"session_id\"")) {
					assistantId = JSON.readTree(line.substring(6)).path("assistant_message_id").asString();
				}
				if (line.equals("event: delta")) {
					return assistantId;
				}
			}
			throw new IOException("The stream ended before its first delta");
		}
	}

}
