package io.chatkit.rest.ratelimit;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.RunningService;
import io.chatkit.rest.support.TcpProxy;
import io.chatkit.rest.support.TestRedis;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many concurrent requests from one address (an office behind one NAT address, or one
 * client flooding) share that address's bucket in Redis. They must still be counted
 * exactly, and must not make the instance race itself on the bucket: each request costs
 * Redis about what a lone request costs, not a compare-and-swap retried once for every
 * request that won before it.
 */
class SameAddressContentionIntegrationTests {

	private static final String SESSIONS = "/api/v1/chatkit/sessions";

	private static final int CONCURRENT = 200;

	private static final int LIMIT = 100;

	@Test
	void concurrentRequestsOfOneAddressAreCountedExactlyAndCostRedisAboutWhatALoneRequestCosts() throws Exception {
		URI redis = URI.create(TestRedis.url());
		String prefix = "test:" + UUID.randomUUID() + ":";
		try (TcpProxy relay = new TcpProxy(redis.getHost(), (redis.getPort() != -1) ? redis.getPort() : 6379);
				RunningService service = RunningService.limited(TestRedis.through(relay.port()), prefix, LIMIT + 3)) {
			ApiClient api = service.api();
			String token = JwtTokens.newUser();
			long began = System.nanoTime();
			// warm-up: the bucket exists in Redis, and the cost of one request alone
			assertThat(api.get(SESSIONS, token).status()).isEqualTo(200);
			assertThat(api.get(SESSIONS, token).status()).isEqualTo(200);
			long before = relay.bytesToTarget();
			assertThat(api.get(SESSIONS, token).status()).isEqualTo(200);
			long alone = relay.bytesToTarget() - before;

			long start = relay.bytesToTarget();
			CountDownLatch go = new CountDownLatch(1);
			List<Future<Integer>> statuses = new ArrayList<>();
			try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
				for (int i = 0; i < CONCURRENT; i++) {
					statuses.add(clients.submit(() -> {
						go.await();
						return api.get(SESSIONS, token).status();
					}));
				}
				go.countDown();
			}
			long perRequest = (relay.bytesToTarget() - start) / CONCURRENT;
			// the bucket refills greedily at its rate per minute while the test runs
			double refilled = (System.nanoTime() - began) / 60e9 * (LIMIT + 3);

			int ok = 0;
			int limited = 0;
			for (Future<Integer> status : statuses) {
				int code = status.get();
				if (code == 200) {
					ok++;
				}
				else if (code == 429) {
					limited++;
				}
			}
			assertThat(ok + limited).as("200s and 429s").isEqualTo(CONCURRENT);
			assertThat(ok).as("200s").isBetween(LIMIT, LIMIT + (int) Math.ceil(refilled));
			assertThat(perRequest).as("bytes sent to Redis per request (a lone request: %d)", alone)
				.isLessThanOrEqualTo(2 * alone);
		}
	}

}
