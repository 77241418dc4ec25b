/**
 * Chat sessions, their messages and threads: the sessions API and the conversation
 * records behind it.
 *
 * <p>
 * A reply runs on budget reservations ({@link io.chatkit.rest.session.ReplyBudget}, one
 * per upstream round, see {@code RoundCosts}); a round charged its reservation for want
 * of a reported cost is reconciled later from the upstream's generation record
 * ({@code CostReconciler}). A reply whose final write met a PostgreSQL outage is kept in
 * Redis ({@link io.chatkit.rest.session.PendingReplies}) and stored by whichever instance
 * sees PostgreSQL answer first ({@code ReplyStoreRetry}), so a restart during the outage
 * loses no reply.
 */
@NullMarked
package io.chatkit.rest.session;

import org.jspecify.annotations.NullMarked;
