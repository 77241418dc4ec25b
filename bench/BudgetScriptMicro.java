package io.chatkit.rest.ratelimit;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * Times the budget scripts on the hot path of every message, as the service runs them
 * ({@link BudgetLedger} over {@link RedisLink}): one reserve, one settle, and the pair,
 * sequentially and from 32 concurrent callers on one deployment key (every reply of a
 * deployment shares it). Lives in the feature's package to reach its package-private
 * classes. Run with the service on the class path:
 * {@code java -cp "target/classes:bench/.build:$(cat target/cp.txt)" io.chatkit.rest.ratelimit.BudgetScriptMicro redis://127.0.0.1:6379/7}
 * after compiling it into {@code bench/.build} on the same class path ({@code target/cp.txt} comes from the
 * build of {@code bench/run.sh}).
 */
public class BudgetScriptMicro {

	static final int N = 20_000;

	public static void main(String[] args) throws Exception {
		RateLimitProperties properties = new RateLimitProperties(args[0], 30, List.of(),
				"bench:" + Long.toString(System.nanoTime(), 36) + ":", Duration.ofSeconds(1), Duration.ofSeconds(1), 64);
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		RedisLink redis = new RedisLink(properties, beans.getBeanProvider(ObservationRegistry.class));
		BudgetLedger ledger = new BudgetLedger(redis, properties, beans.getBeanProvider(Clock.class));
		long limit = BudgetLedger.nanos(new BigDecimal("1000000"));
		long amount = BudgetLedger.nanos(new BigDecimal("0.02"));
		BigDecimal cost = new BigDecimal("0.000093");
		run(ledger, limit, amount, cost, 2_000);
		long[] ping = new long[N];
		for (int i = 0; i < N; i++) {
			long start = System.nanoTime();
			redis.commands().ping();
			ping[i] = System.nanoTime() - start;
		}
		long[][] sequential = run(ledger, limit, amount, cost, N);
		long[][] concurrent = concurrent(ledger, limit, amount, cost, 32, N / 32);
		System.out.println("| case | p50 µs | p99 µs |");
		System.out.println("|---|---|---|");
		print("PING round trip (baseline), sequential", ping);
		print("reserve, sequential", sequential[0]);
		print("settle, sequential", sequential[1]);
		print("reserve + settle, sequential", sequential[2]);
		print("reserve + settle, 32 concurrent callers", concurrent[2]);
		redis.destroy();
	}

	static long[][] run(BudgetLedger ledger, long limit, long amount, BigDecimal cost, int n) {
		long[] reserve = new long[n];
		long[] settle = new long[n];
		long[] pair = new long[n];
		String user = "user-" + UUID.randomUUID();
		for (int i = 0; i < n; i++) {
			BudgetLedger.Reservation reservation = new BudgetLedger.Reservation(UUID.randomUUID().toString(), user,
					amount, System.currentTimeMillis() + 360_000);
			long start = System.nanoTime();
			BudgetLedger.Reserved reserved = ledger.reserve(reservation, limit, -1);
			long middle = System.nanoTime();
			boolean settled = ledger.settle(user, ledger.today(), reservation, cost, null);
			long end = System.nanoTime();
			if (reserved == null || reserved.verdict() != BudgetLedger.Verdict.RESERVED || !settled) {
				throw new IllegalStateException("Redis did not answer");
			}
			reserve[i] = middle - start;
			settle[i] = end - middle;
			pair[i] = end - start;
		}
		return new long[][] { reserve, settle, pair };
	}

	static long[][] concurrent(BudgetLedger ledger, long limit, long amount, BigDecimal cost, int threads, int each)
			throws Exception {
		try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
			Future<?>[] futures = new Future<?>[threads];
			long[][][] parts = new long[threads][][];
			for (int t = 0; t < threads; t++) {
				int slot = t;
				futures[t] = pool.submit(() -> parts[slot] = run(ledger, limit, amount, cost, each));
			}
			for (Future<?> future : futures) {
				future.get();
			}
			long[] pair = Arrays.stream(parts).flatMapToLong((part) -> Arrays.stream(part[2])).toArray();
			return new long[][] { null, null, pair };
		}
	}

	static void print(String name, long[] nanos) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		System.out.println(String.format(Locale.ROOT, "| %s | %.1f | %.1f |", name, sorted[sorted.length / 2] / 1000.0,
				sorted[(int) (sorted.length * 0.99)] / 1000.0));
	}

}
