package io.chatkit.rest.tools;

/**
 * A tool call that cannot be carried out; the message goes back to the model.
 */
class ToolFailure extends RuntimeException {

	ToolFailure(String message) {
		super(message, null, false, false);
	}

}
