package io.chatkit.rest.llm;

/**
 * The upstream could not give a reply. The message is safe to show to the client: it
 * never holds the API key.
 */
public class UpstreamException extends Exception {

	private final UpstreamError error;

	public UpstreamException(UpstreamError error, String message) {
		super(message, null, false, false);
		this.error = error;
	}

	public UpstreamError error() {
		return this.error;
	}

}
