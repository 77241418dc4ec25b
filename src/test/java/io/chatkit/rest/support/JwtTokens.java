package io.chatkit.rest.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Mints the bearer tokens tests send, good ones and the kinds an attacker would try.
 */
public final class JwtTokens {

	/** The HS256 secret the test contexts are configured with. */
	public static final String SECRET = "test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";

	private JwtTokens() {
	}

	public static String forUser(String sub) {
		return sign(SECRET, claims(sub, Instant.now().plus(Duration.ofHours(1))).build());
	}

	public static String newUser() {
		return forUser("user-" + UUID.randomUUID());
	}

	public static String expired(String sub) {
		return sign(SECRET, claims(sub, Instant.now().minus(Duration.ofMinutes(5))).build());
	}

	public static String notYetValid(String sub) {
		return sign(SECRET,
				claims(sub, Instant.now().plus(Duration.ofHours(2)))
					.notBeforeTime(Date.from(Instant.now().plus(Duration.ofHours(1))))
					.build());
	}

	public static String wrongKey(String sub) {
		return sign("another-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
				claims(sub, Instant.now().plus(Duration.ofHours(1))).build());
	}

	public static String withoutSubject() {
		return sign(SECRET,
				new JWTClaimsSet.Builder().expirationTime(Date.from(Instant.now().plusSeconds(3600)))
					.issueTime(new Date())
					.build());
	}

	public static String withClaims(JWTClaimsSet claims) {
		return sign(SECRET, claims);
	}

	public static String algNone(String sub) {
		Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
		String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
		long exp = Instant.now().plusSeconds(3600).getEpochSecond();
		String payload = b64
			.encodeToString(("{\"sub\":\"" + sub + "\",\"exp\":" + exp + "}").getBytes(StandardCharsets.UTF_8));
		return header + "." + payload + ".";
	}

	/**
	 * A validly signed token whose {@code sub} is the given raw JSON value, written as is
	 * (so it may be a number, or a string with escapes such as a lone surrogate that no
	 * Java string survives a round trip through UTF-8 with).
	 * @param subJson the JSON text of the claim value
	 * @return the token
	 */
	public static String withRawSubject(String subJson) {
		long now = Instant.now().getEpochSecond();
		String payload = "{\"sub\":" + subJson + ",\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}";
		try {
			JWSObject jws = new JWSObject(new JWSHeader(JWSAlgorithm.HS256), new Payload(payload));
			jws.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
			return jws.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static JWTClaimsSet.Builder claims(String sub, Instant expiresAt) {
		return new JWTClaimsSet.Builder().subject(sub).issueTime(new Date()).expirationTime(Date.from(expiresAt));
	}

	private static String sign(String secret, JWTClaimsSet claims) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
			jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
