import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;

/**
 * Times one rate-limit check the way the service makes it (Bucket4j
 * {@code tryConsumeAndReturnRemaining(1)}, a greedy per-minute bandwidth): against Redis
 * through the compare-and-swap Lettuce proxy on one shared connection, and in process.
 * Also times 32 concurrent callers on distinct keys and on one hot key (every request from
 * one address). Run with the service's jars on the class path ({@code bench/run.sh ratelimit} does):
 * {@code java -cp "bench/.build:target/classes:$(cat target/cp.txt)" RateLimitMicro redis://127.0.0.1:6379/7}.
 */
public class RateLimitMicro {

	static final int N = 20_000;

	public static void main(String[] args) throws Exception {
		RedisClient client = RedisClient.create(RedisURI.create(args[0]));
		StatefulRedisConnection<String, byte[]> connection = client
			.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
		ProxyManager<String> redis = Bucket4jLettuce.casBasedBuilder(connection)
			.expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
			.build();
		BucketConfiguration config = BucketConfiguration.builder()
			.addLimit(Bandwidth.builder().capacity(100_000_000).refillGreedy(100_000_000, Duration.ofMinutes(1)).id("v1").build())
			.build();
		Bucket local = Bucket.builder().addLimit(config.getBandwidths()[0]).build();
		String run = Long.toString(System.nanoTime(), 36);
		// warm-up
		sequential(() -> redis.getProxy("bench:micro:" + run + ":warm", () -> config).asVerbose().tryConsumeAndReturnRemaining(1));
		sequential(() -> local.asVerbose().tryConsumeAndReturnRemaining(1));
		long[] redisSeq = sequential(() -> redis.getProxy("bench:micro:" + run + ":seq", () -> config).asVerbose().tryConsumeAndReturnRemaining(1));
		long[] localSeq = sequential(() -> local.asVerbose().tryConsumeAndReturnRemaining(1));
		long[] redisDistinct = concurrent(32, (w) -> redis.getProxy("bench:micro:" + run + ":c" + w, () -> config).asVerbose().tryConsumeAndReturnRemaining(1));
		long[] redisHot = concurrent(32, (w) -> redis.getProxy("bench:micro:" + run + ":hot", () -> config).asVerbose().tryConsumeAndReturnRemaining(1));
		System.out.println("{\"redis_sequential_ms\":" + stats(redisSeq) + ",\"local_sequential_ms\":" + stats(localSeq)
				+ ",\"redis_32_distinct_keys_ms\":" + stats(redisDistinct) + ",\"redis_32_one_hot_key_ms\":"
				+ stats(redisHot) + "}");
		connection.close();
		client.shutdown();
	}

	static long[] sequential(Runnable check) {
		long[] lat = new long[N];
		for (int i = 0; i < N; i++) {
			long t0 = System.nanoTime();
			check.run();
			lat[i] = System.nanoTime() - t0;
		}
		return lat;
	}

	static long[] concurrent(int workers, java.util.function.IntConsumer check) throws Exception {
		int per = N / workers;
		long[] lat = new long[per * workers];
		try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int w = 0; w < workers; w++) {
				int worker = w;
				pool.submit(() -> {
					for (int i = 0; i < per; i++) {
						long t0 = System.nanoTime();
						check.accept(worker);
						lat[worker * per + i] = System.nanoTime() - t0;
					}
				});
			}
		}
		return lat;
	}

	static String stats(long[] nanos) {
		long[] v = nanos.clone();
		Arrays.sort(v);
		return String.format(Locale.ROOT, "{\"p50\":%.4f,\"p90\":%.4f,\"p99\":%.4f,\"max\":%.3f}", v[v.length / 2] / 1e6,
				v[(int) (v.length * 0.9)] / 1e6, v[(int) (v.length * 0.99)] / 1e6, v[v.length - 1] / 1e6);
	}

}
