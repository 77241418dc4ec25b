package io.chatkit.rest.session;

import java.time.Duration;
import java.util.List;

/**
 * The events of one reply as one attached client reads them: from the running reply on
 * this instance, from the shared log, or rebuilt from the stored message.
 */
interface ReplySource extends AutoCloseable {

	/**
	 * The events after those already returned, waiting up to the given time for one.
	 * @param wait longest wait when none is there yet
	 * @return the events in order, empty when none came in time
	 * @throws InterruptedException when the reading thread is interrupted
	 */
	List<LoggedEvent> next(Duration wait) throws InterruptedException;

	/**
	 * Whether the reply's last event was returned.
	 */
	boolean ended();

	/**
	 * Detaches the client.
	 */
	@Override
	void close();

}
