package io.chatkit.rest.session;

/**
 * One event of a reply as it is logged and replayed: its id, its SSE name and its JSON
 * data, serialised once.
 *
 * @param id the SSE id, counting from 1 within the reply
 * @param name {@code start}, {@code delta}, {@code tool_call}, {@code tool_result},
 * {@code done} or {@code error}
 * @param data the JSON data on one line
 */
record LoggedEvent(long id, String name, String data) {

	/**
	 * Whether this event ends the reply.
	 * @return {@code true} for {@code done} and {@code error}
	 */
	boolean last() {
		return "done".equals(this.name) || "error".equals(this.name);
	}

}
