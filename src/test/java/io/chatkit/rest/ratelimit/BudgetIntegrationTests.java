package io.chatkit.rest.ratelimit;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import io.chatkit.rest.session.ReplyBudget;
import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.ApiClient.Response;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.ServiceIntegrationTest;
import io.chatkit.rest.support.TestClock;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@ServiceIntegrationTest
@TestPropertySource(properties = { "chatkit.budget.daily-usd=1", "chatkit.budget.user-daily-usd=0.05" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class BudgetIntegrationTests {

	private static final String SESSIONS = "/api/v1/chatkit/sessions";

	@LocalServerPort
	int port;

	@Autowired
	ReplyBudget budget;

	@Autowired
	MeterRegistry meters;

	@Autowired
	TestClock clock;

	ApiClient api;

	@BeforeEach
	void setUp() {
		this.api = new ApiClient(this.port);
	}

	@Test
	void aSpentDeploymentBudgetRefusesNewMessagesUntilMidnightWhileOtherEndpointsWork() {
		String alice = "alice-" + UUID.randomUUID();
		String session = createSession(JwtTokens.forUser(alice));
		finished("someone-else", "0.60");
		finished("yet-another", "0.40");
		Response refused = send(JwtTokens.forUser(alice), session);
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.errorCode()).isEqualTo("budget_exceeded");
		assertThat(refused.header("Content-Type")).startsWith("application/json");
		assertThat(Long.parseLong(refused.header("Retry-After"))).isCloseTo(secondsToMidnight(),
				org.assertj.core.data.Offset.offset(5L));
		assertThat(refused.header("RateLimit-Limit")).isNotNull();
		assertThat(this.api.get(SESSIONS, JwtTokens.forUser(alice)).status()).isEqualTo(200);
		assertThat(this.api.get(SESSIONS + "/" + session, JwtTokens.forUser(alice)).status()).isEqualTo(200);
		assertThat(this.api.post(SESSIONS, JwtTokens.forUser(alice), null).status()).isEqualTo(200);
		assertThat(this.meters.get("chatkit.rate.limit.rejections").tag("reason", "budget_exceeded").counter().count())
			.isEqualTo(1);
		assertThat(this.meters.get("chatkit.budget.spent.usd").gauge().value()).isEqualTo(1.0);
	}

	@Test
	void aSpentUserBudgetRefusesOnlyThatUser() {
		String alice = "alice-" + UUID.randomUUID();
		String bob = "bob-" + UUID.randomUUID();
		String aliceSession = createSession(JwtTokens.forUser(alice));
		String bobSession = createSession(JwtTokens.forUser(bob));
		finished(alice, "0.03");
		assertThat(send(JwtTokens.forUser(alice), aliceSession).status()).isEqualTo(200);
		finished(alice, "0.03");
		Response refused = send(JwtTokens.forUser(alice), aliceSession);
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.errorCode()).isEqualTo("budget_exceeded");
		assertThat(refused.header("Retry-After")).isNotNull();
		assertThat(send(JwtTokens.forUser(bob), bobSession).status()).isEqualTo(200);
	}

	@Test
	void validationAndOwnershipAnswerBeforeTheBudget() {
		String alice = "alice-" + UUID.randomUUID();
		String session = createSession(JwtTokens.forUser(alice));
		finished(alice, "1");
		assertThat(this.api.post(SESSIONS + "/" + session + "/messages", JwtTokens.forUser(alice), "{\"text\":\" \"}")
			.errorCode()).isEqualTo("validation_failed");
		assertThat(send(JwtTokens.newUser(), session).errorCode()).isIn("forbidden", "not_found");
	}

	@Test
	void aSpentUserBudgetIsWholeAgainAtUtcMidnight() {
		String alice = "alice-" + UUID.randomUUID();
		String token = JwtTokens.forUser(alice);
		String session = createSession(token);
		LocalDate today = LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		Instant midnight = today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
		this.clock.advance(Duration.between(this.clock.instant(), midnight).minusSeconds(30));
		finished(alice, "0.05");
		Response refused = send(token, session);
		assertThat(refused.errorCode()).isEqualTo("budget_exceeded");
		assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 30L);
		JsonNode spentDay = usage(token);
		assertThat(spentDay.path("date").asString()).isEqualTo(today.toString());
		assertThat(spentDay.path("user").path("remaining_usd").decimalValue()).isEqualByComparingTo("0");
		this.clock.advance(Duration.ofSeconds(31));
		JsonNode nextDay = usage(token);
		assertThat(nextDay.path("date").asString()).isEqualTo(today.plusDays(1).toString());
		assertThat(nextDay.path("resets_at").asString())
			.isEqualTo(today.plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant().toString());
		assertThat(nextDay.path("user").path("spent_usd").decimalValue()).isEqualByComparingTo("0");
		assertThat(nextDay.path("user").path("remaining_usd").decimalValue()).isEqualByComparingTo("0.05");
		assertThat(send(token, session).status()).isEqualTo(200);
	}

	private JsonNode usage(String token) {
		return this.api.get("/api/v1/chatkit/usage", token).json().path("data");
	}

	/**
	 * Spends as a finished reply does: a reservation settled with the reply's cost.
	 */
	private void finished(String userId, String cost) {
		this.budget.settle(this.budget.reserve(userId, null), new BigDecimal(cost));
	}

	private String createSession(String token) {
		return this.api.post(SESSIONS, token, null).json().path("data").path("id").asString();
	}

	private Response send(String token, String session) {
		return this.api.post(SESSIONS + "/" + session + "/messages", token, "{\"text\":\"hello\"}");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Midnight {

		@Bean
		@Primary
		TestClock testClock() {
			return new TestClock();
		}

	}

	private static long secondsToMidnight() {
		Instant now = Instant.now();
		return Duration
			.between(now, LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())
			.toSeconds();
	}

}
