package io.chatkit.rest.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jwt.JWTClaimsSet;
import io.chatkit.rest.support.JwtTokens;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The claim rules of {@link TokenRulesProperties} as the decoder applies them.
 */
class TokenRulesTests {

	static final TokenRulesProperties DEFAULTS = new TokenRulesProperties(true, Duration.ofSeconds(30));

	private static final JwtProperties SECRET = new JwtProperties(JwtTokens.SECRET, null, null, null);

	private static String withoutExpiry() {
		return JwtTokens.withClaims(new JWTClaimsSet.Builder().subject("alice").issueTime(new Date()).build());
	}

	private static String notBefore(Duration fromNow) {
		return JwtTokens.withClaims(JwtTokens.claims("alice", Instant.now().plus(Duration.ofHours(1)))
			.notBeforeTime(Date.from(Instant.now().plus(fromNow)))
			.build());
	}

	@Test
	void aTokenWithoutExpiryIsRefusedByDefaultNamingTheClaim() {
		JwtDecoder decoder = JwtDecoderFactory.create(SECRET, DEFAULTS);
		assertThatExceptionOfType(JwtValidationException.class).isThrownBy(() -> decoder.decode(withoutExpiry()))
			.withMessageContaining("exp is required");
	}

	@Test
	void aTokenWithoutExpiryIsAcceptedWhenExpiryIsNotRequired() {
		JwtDecoder decoder = JwtDecoderFactory.create(SECRET, new TokenRulesProperties(false, Duration.ofSeconds(30)));
		assertThat(decoder.decode(withoutExpiry()).getSubject()).isEqualTo("alice");
	}

	@Test
	void aNotBeforeWithinTheClockSkewIsAcceptedAndOneBeyondItRefused() {
		JwtDecoder decoder = JwtDecoderFactory.create(SECRET, DEFAULTS);
		assertThat(decoder.decode(notBefore(Duration.ofSeconds(10))).getSubject()).isEqualTo("alice");
		assertThatExceptionOfType(JwtValidationException.class)
			.isThrownBy(() -> decoder.decode(notBefore(Duration.ofMinutes(2))))
			.withMessageContaining("used before");
	}

	@Test
	void anExpiryJustPastIsAcceptedWithinTheClockSkew() {
		JwtDecoder decoder = JwtDecoderFactory.create(SECRET, DEFAULTS);
		String token = JwtTokens.withClaims(JwtTokens.claims("alice", Instant.now().minusSeconds(10))
			.issueTime(Date.from(Instant.now().minus(Duration.ofHours(1))))
			.build());
		assertThat(decoder.decode(token).getSubject()).isEqualTo("alice");
	}

}
