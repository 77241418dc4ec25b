/**
 * Chat sessions, their messages and threads: the sessions API and the conversation
 * records behind it.
 *
 * <p>
 * A reply runs on budget reservations ({@link io.chatkit.rest.session.ReplyBudget}, one
 * per upstream round, see {@code RoundCosts}); a round charged its reservation for want
 * of a reported cost is reconciled later from the upstream's generation record
 * ({@code CostReconciler}); a lookup lost to a restart leaves the reservation charged,
 * the ending the specification gives when the record never comes.
 *
 * <p>
 * A reply whose final write met a PostgreSQL outage is never held in memory: it is kept
 * in Redis ({@link io.chatkit.rest.session.PendingReplies}) and stored by whichever
 * instance sees PostgreSQL answer first, so a restart or a rollout during the outage
 * loses no reply. When Redis does not take it either, it is written to a local file
 * ({@code PendingReplyFiles}, {@code chatkit.replies.pending-dir}) that a restart of the
 * process finds and that is handed to Redis once Redis answers. {@code ReplyStoreRetry}
 * drains both on Boot's scheduler, each write retried by Spring Framework's
 * {@code RetryTemplate}. The file store is hand-written because Spring Modulith's event
 * publication registry, the ecosystem's durable store for such work, lives in the very
 * database that is unreachable.
 *
 * <p>
 * The statements every reply runs (its context, its two messages, its outcome and tool
 * calls) are plain JDBC ({@code ReplyRows}) in two JDBC transactions of their own
 * ({@code ConversationStore}, a {@code DataSourceTransactionManager} that needs no JPA
 * entity manager), while the sessions API and everything else reads and writes through
 * the JPA entities. The JDBC is hand-written because Hibernate's flush, dirty checking
 * and query handling were a third of the service's CPU per streamed reply
 * (docs/performance.md); {@code ReplyRows} applies the entities' column converters, so
 * both paths store the same text.
 *
 * <p>
 * A reply's first upstream request goes out while its messages are being stored: the
 * reply generates at once, its events wait in the {@code LiveReply} until the
 * {@code start} event follows the commit, and a reply whose messages could not be stored
 * is abandoned and its upstream call aborted.
 */
@NullMarked
package io.chatkit.rest.session;

import org.jspecify.annotations.NullMarked;
