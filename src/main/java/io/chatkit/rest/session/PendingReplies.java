package io.chatkit.rest.session;

import java.util.Map;

/**
 * A store every instance shares, outside PostgreSQL, where finished replies that
 * PostgreSQL refused wait until any instance can write them. Implemented over Redis by
 * the feature that owns the Redis connection.
 */
public interface PendingReplies {

	/**
	 * Keeps a reply's final write.
	 * @param id the assistant message id
	 * @param json the write, as JSON
	 * @return whether it was kept (the store answered)
	 */
	boolean keep(String id, String json);

	/**
	 * Some of the kept writes.
	 * @param max how many at most
	 * @return writes by assistant message id, empty while the store does not answer
	 */
	Map<String, String> kept(int max);

	/**
	 * Forgets a write that has been stored.
	 * @param id the assistant message id
	 */
	void forget(String id);

}
