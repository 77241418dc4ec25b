package io.chatkit.rest.session;

/**
 * A check a message must pass before its reply starts, such as a spending budget. Every
 * bean of this type is asked, in order; one that refuses throws an
 * {@link io.chatkit.rest.web.ApiException}, which the client receives as an ordinary JSON
 * error instead of a stream.
 */
public interface ReplyAdmission {

	/**
	 * Lets the user's message through or refuses it.
	 * @param userId the sender
	 */
	void admit(String userId);

}
