package io.chatkit.rest.session;

/**
 * Body of {@code POST /sessions/{id}/messages}.
 *
 * @param text the user's message
 */
record SendMessageRequest(String text) {

}
