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
 * that any instance drains (while Redis is away too, the session feature keeps it in a
 * local file until it can be handed over). The outbox is a plain table rather than Spring
 * Modulith's event publication registry: a replay must be idempotent against Redis (a
 * marker per row), is triggered by Redis coming back rather than by a transaction
 * committing, and the rows must be summed on the hot path of admission while Redis is
 * down; the registry would add a dependency and still leave all three to be written here.
 *
 * <p>
 * The Redis connection ({@link RedisLink}) is Lettuce's own client rather than Spring
 * Boot's Redis support, for what Boot lacks: Boot's Redis auto-configuration
 * ({@code spring-boot-data-redis}) always makes a connection factory, to
 * {@code localhost:6379} when no URL is set, where an unset {@code REDIS_URL} must mean
 * in-process limits and no connection at all; it makes one client with one set of client
 * options, where the limits need a link that never reconnects by itself and fails every
 * command after {@code chatkit.rate-limit.redis-timeout} (the circuit breaker here
 * decides when to try again), while reply logs ({@code session.ReplyRedis}) need a client
 * that reconnects and lets an {@code XREAD BLOCK} wait 3 s; Bucket4j and the budget
 * scripts take a raw Lettuce connection with a byte-array codec, not Spring Data's
 * template that the factory is for; and its health contributor would take
 * {@code /actuator/health} down with Redis, which the service outlives by design. What
 * remains here is the URL check (a clear start-up error naming
 * {@code chatkit.rate-limit.redis-url}, parsing is Lettuce's {@code RedisURI}), the
 * timeouts and the breaker.
 */
@NullMarked
package io.chatkit.rest.ratelimit;

import org.jspecify.annotations.NullMarked;
