package io.chatkit.rest.ratelimit;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The budgets' shared counters in Redis, changed only by Lua scripts so that checking and
 * reserving against both budgets is one atomic step however many replicas ask at once.
 * Amounts are whole nano-dollars so that reserving and releasing cancel exactly; spend
 * stays a decimal counter ({@code INCRBYFLOAT}) per UTC day, as operators read it. A
 * reservation is a sorted-set member scored by its expiry (the whole-reply timeout plus a
 * minute): every script first drops the expired ones, so the reservations of an instance
 * that died free themselves without anyone settling them.
 */
@Component
class BudgetLedger {

	static final int NANOS_SCALE = 9;

	private static final long KEY_SECONDS = 2 * 24 * 60 * 60;

	private static final String COUNTERS = """
			local function reserved(zset, total, now)
			  local expired = redis.call('ZRANGEBYSCORE', zset, '-inf', now)
			  if #expired == 0 then
			    return tonumber(redis.call('GET', total) or '0')
			  end
			  local freed = 0
			  for _, member in ipairs(expired) do
			    freed = freed + tonumber(string.match(member, ':(%d+)$'))
			  end
			  redis.call('ZREMRANGEBYSCORE', zset, '-inf', now)
			  return redis.call('DECRBY', total, freed)
			end
			local function spent(key)
			  local value = redis.call('GET', key)
			  if not value then
			    return 0
			  end
			  return math.floor(tonumber(value) * 1e9 + 0.5)
			end
			local now = tonumber(ARGV[1])
			local ds, dr = spent(KEYS[1]), reserved(KEYS[2], KEYS[3], now)
			local us, ur = spent(KEYS[4]), reserved(KEYS[5], KEYS[6], now)
			""";

	/**
	 * KEYS: deployment spent, reservations, reserved; user spent, reservations, reserved.
	 * ARGV: now (ms), expires at (ms), member ({@code id:nanos}), nanos, deployment limit
	 * and user limit (nanos, -1 when none), key TTL (s). A member already present is not
	 * counted twice, so restoring held reservations is safe to repeat.
	 */
	private static final Script RESERVE = new Script(COUNTERS + """
			local amount = tonumber(ARGV[4])
			local dl, ul = tonumber(ARGV[5]), tonumber(ARGV[6])
			if dl >= 0 and ds + dr + amount > dl then
			  return {0, ds, dr, us, ur}
			end
			if ul >= 0 and us + ur + amount > ul then
			  return {-1, ds, dr, us, ur}
			end
			if redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3]) == 1 then
			  dr = redis.call('INCRBY', KEYS[3], amount)
			end
			if redis.call('ZADD', KEYS[5], ARGV[2], ARGV[3]) == 1 then
			  ur = redis.call('INCRBY', KEYS[6], amount)
			end
			for _, i in ipairs({2, 3, 5, 6}) do
			  redis.call('EXPIRE', KEYS[i], ARGV[7])
			end
			return {1, ds, dr, us, ur}
			""");

	/**
	 * KEYS as {@link #RESERVE}, then the once-only marker. ARGV: now (ms), member, nanos,
	 * charge (USD, may be negative), key TTL (s), {@code 1} to apply at most once.
	 */
	private static final Script SETTLE = new Script("""
			if ARGV[6] == '1' and not redis.call('SET', KEYS[7], '1', 'NX', 'EX', ARGV[5]) then
			  return {0}
			end
			if redis.call('ZREM', KEYS[2], ARGV[2]) == 1 then
			  redis.call('DECRBY', KEYS[3], ARGV[3])
			end
			if redis.call('ZREM', KEYS[5], ARGV[2]) == 1 then
			  redis.call('DECRBY', KEYS[6], ARGV[3])
			end
			if tonumber(ARGV[4]) ~= 0 then
			  redis.call('INCRBYFLOAT', KEYS[1], ARGV[4])
			  redis.call('EXPIRE', KEYS[1], ARGV[5])
			  redis.call('INCRBYFLOAT', KEYS[4], ARGV[4])
			  redis.call('EXPIRE', KEYS[4], ARGV[5])
			end
			""" + COUNTERS + """
			return {1, ds, dr, us, ur}
			""");

	/** KEYS as {@link #RESERVE}. ARGV: now (ms). */
	private static final Script READ = new Script(COUNTERS + """
			return {1, ds, dr, us, ur}
			""");

	private final RedisLink redis;

	private final String prefix;

	private final Clock clock;

	private static final int USERS_REMEMBERED = 10_000;

	private volatile Totals lastSeen = new Totals(0, 0, 0, 0);

	/**
	 * The latest totals seen per user, most recent users only: while Redis is unreachable
	 * they keep a user who was near their budget from starting over.
	 */
	private final Map<String, Long> lastSeenUsers = new LinkedHashMap<>(256, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
			return size() > USERS_REMEMBERED;
		}

	};

	BudgetLedger(RedisLink redis, RateLimitProperties properties, Clock clock) {
		this.redis = redis;
		this.prefix = properties.keyPrefix() + "budget:";
		this.clock = clock;
	}

	/**
	 * Reserves against both budgets if both can cover it.
	 * @param limits deployment and user limit in nanos, -1 for none
	 * @return the verdict with the totals it saw, or {@code null} while Redis is not
	 * answering
	 */
	@Nullable Reserved reserve(Reservation reservation, long deploymentLimit, long userLimit) {
		long now = this.clock.millis();
		List<Object> result = run(RESERVE, keys(reservation.userId(), today()), Long.toString(now),
				Long.toString(reservation.expiresAtMillis()), reservation.member(), Long.toString(reservation.nanos()),
				Long.toString(deploymentLimit), Long.toString(userLimit), Long.toString(KEY_SECONDS));
		if (result == null) {
			return null;
		}
		long verdict = (Long) result.get(0);
		Totals totals = totals(result);
		synchronized (this.lastSeenUsers) {
			this.lastSeenUsers.put(reservation.userId(), totals.userSpent() + totals.userReserved());
		}
		return new Reserved((verdict == 1) ? Verdict.RESERVED
				: (verdict == 0) ? Verdict.DEPLOYMENT_EXCEEDED : Verdict.USER_EXCEEDED, totals);
	}

	/**
	 * Puts back a reservation held while Redis was unreachable, without checking the
	 * limits (it was admitted already).
	 * @return whether Redis took it
	 */
	boolean restore(Reservation reservation) {
		return reserve(reservation, -1, -1) != null;
	}

	/**
	 * Drops a reservation (if still there) and adds a charge to the spend of its day.
	 * @param reservation the reservation to drop, {@code null} for a charge alone
	 * @param onceId when not {@code null}, the charge is applied at most once under this
	 * id (for charges replayed from the outbox)
	 * @return whether Redis took it
	 */
	boolean settle(String userId, LocalDate day, @Nullable Reservation reservation, BigDecimal chargeUsd,
			@Nullable String onceId) {
		List<String> keys = keys(userId, day);
		String[] withMarker = keys.toArray(new String[7]);
		withMarker[6] = this.prefix + "applied:" + ((onceId != null) ? onceId : "-");
		List<Object> result = run(SETTLE, List.of(withMarker), Long.toString(this.clock.millis()),
				(reservation != null) ? reservation.member() : "-",
				Long.toString((reservation != null) ? reservation.nanos() : 0), chargeUsd.toPlainString(),
				Long.toString(KEY_SECONDS), (onceId != null) ? "1" : "0");
		if (result == null) {
			return false;
		}
		if (result.size() > 1 && day.equals(today())) {
			totals(result);
		}
		return true;
	}

	/**
	 * Today's totals for the deployment and one user.
	 * @return the totals, or {@code null} while Redis is not answering
	 */
	@Nullable Totals read(String userId) {
		List<Object> result = run(READ, keys(userId, today()), Long.toString(this.clock.millis()));
		return (result != null) ? totals(result) : null;
	}

	/**
	 * The deployment's totals as last seen in Redis, for the gauges and for admission
	 * while Redis is unreachable.
	 * @return the totals
	 */
	Totals lastSeen() {
		return this.lastSeen;
	}

	/**
	 * A user's spend and reservations as last seen in Redis.
	 * @return nano-dollars, 0 for a user not seen lately
	 */
	long lastSeenUser(String userId) {
		synchronized (this.lastSeenUsers) {
			return this.lastSeenUsers.getOrDefault(userId, 0L);
		}
	}

	@Scheduled(initialDelay = 1000, fixedDelay = 5000)
	void refresh() {
		read("-");
	}

	LocalDate today() {
		return LocalDate.now(this.clock.withZone(ZoneOffset.UTC));
	}

	private Totals totals(List<Object> result) {
		Totals totals = new Totals((Long) result.get(1), (Long) result.get(2), (Long) result.get(3),
				(Long) result.get(4));
		this.lastSeen = totals;
		return totals;
	}

	private List<String> keys(String userId, LocalDate day) {
		String spent = this.prefix + day;
		String reservations = this.prefix + "reservations";
		String reserved = this.prefix + "reserved";
		return List.of(spent, reservations, reserved, spent + ":user:" + userId, reservations + ":user:" + userId,
				reserved + ":user:" + userId);
	}

	private @Nullable List<Object> run(Script script, List<String> keys, String... args) {
		RedisCommands<String, byte[]> commands = this.redis.commands();
		if (commands == null) {
			return null;
		}
		String[] keyArray = keys.toArray(String[]::new);
		byte[][] values = new byte[args.length][];
		for (int i = 0; i < args.length; i++) {
			values[i] = args[i].getBytes(StandardCharsets.UTF_8);
		}
		try {
			try {
				return commands.evalsha(script.sha(), ScriptOutputType.MULTI, keyArray, values);
			}
			catch (RedisNoScriptException ex) {
				// a restarted or failed-over Redis has lost its script cache
				return commands.eval(script.text(), ScriptOutputType.MULTI, keyArray, values);
			}
		}
		catch (RuntimeException ex) {
			this.redis.failed(ex);
			return null;
		}
	}

	static long nanos(BigDecimal usd) {
		return usd.setScale(NANOS_SCALE, RoundingMode.CEILING).unscaledValue().longValueExact();
	}

	static BigDecimal usd(long nanos) {
		BigDecimal usd = BigDecimal.valueOf(nanos, NANOS_SCALE).stripTrailingZeros();
		return (usd.scale() < 0) ? usd.setScale(0) : usd;
	}

	/**
	 * One round's reservation as the scripts see it.
	 *
	 * @param id unique id
	 * @param userId the user it counts against
	 * @param nanos the amount in nano-dollars
	 * @param expiresAtMillis when it frees itself, epoch milliseconds
	 */
	record Reservation(String id, String userId, long nanos, long expiresAtMillis) {

		String member() {
			return this.id + ":" + this.nanos;
		}

	}

	/**
	 * Totals in nano-dollars: today's spend and what is reserved now.
	 */
	record Totals(long deploymentSpent, long deploymentReserved, long userSpent, long userReserved) {
	}

	enum Verdict {

		RESERVED, DEPLOYMENT_EXCEEDED, USER_EXCEEDED

	}

	record Reserved(Verdict verdict, Totals totals) {
	}

	private record Script(String text, String sha) {

		Script(String text) {
			this(text, sha1(text));
		}

		private static String sha1(String text) {
			try {
				return HexFormat.of()
					.formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
