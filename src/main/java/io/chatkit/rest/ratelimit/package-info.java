/**
 * Per-client request limits, daily cost budgets and the live-reloaded limits file that
 * tunes both, shared through Redis with an in-process fallback.
 *
 * <p>
 * The budgets are a ceiling, not a trailing counter: every upstream round reserves its
 * worst case before it starts and settles after ({@link BudgetGuard}). Checking and
 * reserving against the deployment's and the user's budget is one Lua script
 * ({@link BudgetLedger}), because only a server-side script makes "check both, then
 * reserve both" atomic across replicas in one round trip; Bucket4j (used for the request
 * limit) has no notion of a reservation that is later replaced by a different amount.
 * Reservations are members of a sorted set scored by their expiry and purged by every
 * script, so a dead instance's reservations free themselves.
 *
 * <p>
 * Each store is the other's durable fallback. Budget work Redis cannot take (a
 * settlement, or a reservation admitted while Redis is unreachable) goes to an outbox
 * table in PostgreSQL ({@link BudgetOutbox}) and is replayed, each settlement at most
 * once, when Redis answers; a restart in between finds it there. A finished reply that
 * PostgreSQL refused goes the other way, into a Redis hash ({@link RedisPendingReplies})
 * that any instance drains. The outbox is a plain table rather than Spring Modulith's
 * event publication registry: a replay must be idempotent against Redis (a marker per
 * row), is triggered by Redis coming back rather than by a transaction committing, and
 * the rows must be summed on the hot path of admission while Redis is down; the registry
 * would add a dependency and still leave all three to be written here.
 */
@NullMarked
package io.chatkit.rest.ratelimit;

import org.jspecify.annotations.NullMarked;
