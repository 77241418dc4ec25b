package io.chatkit.rest.support;

import java.util.Map;

/**
 * One user's side of a running service's message endpoints: creating a session, sending a
 * message and re-attaching to a reply, each as the raw stream the client reads.
 */
public final class ReplyStreams {

	public static final String SESSIONS = "/api/v1/chatkit/sessions";

	private final RunningService service;

	private final String token;

	public ReplyStreams(RunningService service, String token) {
		this.service = service;
		this.token = token;
	}

	/**
	 * Creates a session without a title.
	 * @return its id
	 */
	public String createSession() {
		return this.service.api().post(SESSIONS, this.token, null).json().path("data").path("id").asString();
	}

	/**
	 * Sends a message.
	 * @param session the session id
	 * @param json the request body
	 * @param headers further request headers
	 * @return the reply's stream
	 */
	public SseConnection send(String session, String json, Map<String, String> headers) {
		return SseConnection.open(this.service.port(), "POST", SESSIONS + "/" + session + "/messages", this.token, json,
				headers);
	}

	/**
	 * Re-attaches to an assistant reply.
	 * @param session the session id
	 * @param assistant the assistant message id
	 * @param headers further request headers, such as {@code Last-Event-ID}
	 * @return the reply's stream from there
	 */
	public SseConnection attach(String session, String assistant, Map<String, String> headers) {
		return SseConnection.open(this.service.port(), "GET",
				SESSIONS + "/" + session + "/messages/" + assistant + "/events", this.token, null, headers);
	}

}
