package io.chatkit.rest.llm;

/**
 * Receives a streamed reply as it arrives, on the calling thread.
 */
public interface StreamListener {

	/**
	 * The first content or tool-call fragment of a call arrived.
	 */
	default void onFirstToken() {
	}

	/**
	 * A piece of assistant text arrived.
	 * @param text the piece, never empty
	 */
	void onText(String text);

}
