package io.chatkit.rest.ratelimit;

import java.util.UUID;

import io.chatkit.rest.support.ApiClient.Response;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.TestRedis;
import io.chatkit.rest.support.RunningService;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SharedBucketIntegrationTests {

	private static final String SESSIONS = "/api/v1/chatkit/sessions";

	@Test
	void twoReplicasOnOneRedisShareEachClientsBucket() {
		String prefix = "test:" + UUID.randomUUID() + ":";
		try (RunningService first = RunningService.limited(TestRedis.url(), prefix, 10);
				RunningService second = RunningService.limited(TestRedis.url(), prefix, 10)) {
			String token = JwtTokens.newUser();
			for (int i = 1; i <= 10; i++) {
				RunningService replica = (i % 2 == 0) ? first : second;
				Response response = replica.api().get(SESSIONS, token);
				assertThat(response.status()).as("request %d", i).isEqualTo(200);
				assertThat(response.header("RateLimit-Remaining")).isEqualTo(Integer.toString(10 - i));
			}
			assertThat(first.api().get(SESSIONS, token).status()).isEqualTo(429);
			assertThat(second.api().get(SESSIONS, token).status()).isEqualTo(429);
		}
	}

}
