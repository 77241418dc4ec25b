package io.chatkit.rest.session;

/**
 * Decides whether a new assistant reply may start. Called after the message is validated
 * and the session's ownership checked, before anything is stored or streamed.
 */
public interface ReplyAdmission {

	/**
	 * Admits a reply for the given user or refuses it.
	 * @param userId the user asking for a reply (the token's {@code sub})
	 * @throws io.chatkit.rest.web.ApiException when the reply may not start
	 */
	void admit(String userId);

}
