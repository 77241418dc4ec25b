package io.chatkit.rest.session;

import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /sessions}.
 *
 * @param title optional title, at most 200 characters
 */
record CreateSessionRequest(@Size(max = 200, message = "must be at most 200 characters") String title) {

}
