package io.chatkit.rest.ratelimit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.RunningService;
import io.chatkit.rest.support.TestRedis;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.cloud.CloudPlatform;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a platform Spring Boot detects by its environment variables it would switch the
 * container's forwarded-header handling on by itself, letting any client pick its own
 * rate-limit key. The service, started with those variables, still keys by the peer.
 */
class CloudPlatformForwardingIntegrationTests {

	private static final String SESSIONS = "/api/v1/chatkit/sessions";

	static List<Arguments> platforms() {
		return List.of(
				Arguments.of(CloudPlatform.KUBERNETES,
						Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443")),
				Arguments.of(CloudPlatform.CLOUD_FOUNDRY,
						Map.of("VCAP_APPLICATION", "{\"application_name\":\"chatkit\"}")),
				Arguments.of(CloudPlatform.HEROKU, Map.of("DYNO", "web.1")));
	}

	@ParameterizedTest
	@MethodSource("platforms")
	void aClientCannotPickItsOwnKeyByForwardingHeaders(CloudPlatform platform, Map<String, String> variables) {
		RunningService.Builder builder = RunningService.with()
			.set("chatkit.rate-limit.redis-url", TestRedis.url())
			.set("chatkit.rate-limit.requests-per-minute", 5);
		variables.forEach(builder::environmentVariable);
		try (RunningService service = builder.start()) {
			assertThat(CloudPlatform.getActive(service.context().getEnvironment())).isEqualTo(platform);
			ApiClient api = service.api();
			String token = JwtTokens.newUser();
			List<Integer> statuses = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				statuses.add(api.send("GET", SESSIONS, token, null, Map.of("X-Forwarded-For", "198.51.100." + i,
						"X-Forwarded-Proto", "https", "Forwarded", "for=198.51.100." + i))
					.status());
			}
			assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 429, 429, 429);
		}
	}

}
