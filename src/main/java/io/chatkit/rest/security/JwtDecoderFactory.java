package io.chatkit.rest.security;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JOSEObject;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import io.chatkit.rest.web.InvalidConfigurationException;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.util.StringUtils;

/**
 * Builds the token decoder from {@link JwtProperties}: HS256 tokens against the shared
 * secret, RS256/ES256 tokens against the JWKS, each decoder accepting only its own
 * algorithms (so {@code alg: none} and HS/RS confusion fail), with expiry (required
 * unless {@code chatkit.security.require-expiry=false}), not-before (within the clock
 * skew), issuer, audience and a {@code sub} that names one user ({@link Subjects})
 * enforced.
 */
final class JwtDecoderFactory {

	static final int MAX_TOKEN_CHARS = 8192;

	private JwtDecoderFactory() {
	}

	static JwtDecoder create(JwtProperties properties, TokenRulesProperties rules) {
		JwtDecoder hmac = null;
		JwtDecoder jwks = null;
		OAuth2TokenValidator<Jwt> validator = validator(properties, rules);
		if (StringUtils.hasText(properties.secret())) {
			byte[] key = properties.secret().getBytes(StandardCharsets.UTF_8);
			if (key.length < JwtProperties.MIN_SECRET_BYTES) {
				throw new InvalidConfigurationException("JWT_SECRET",
						"must be at least " + JwtProperties.MIN_SECRET_BYTES + " bytes, got " + key.length);
			}
			NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(key, "HmacSHA256"))
				.macAlgorithm(MacAlgorithm.HS256)
				.build();
			decoder.setJwtValidator(validator);
			hmac = decoder;
		}
		if (StringUtils.hasText(properties.jwksUri())) {
			NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwksUri())
				.jwsAlgorithm(SignatureAlgorithm.RS256)
				.jwsAlgorithm(SignatureAlgorithm.ES256)
				.build();
			decoder.setJwtValidator(validator);
			jwks = decoder;
		}
		if (hmac == null && jwks == null) {
			throw new InvalidConfigurationException("JWT_SECRET", "set JWT_SECRET or JWT_JWKS_URI");
		}
		return byAlgorithm(hmac, jwks);
	}

	private static JwtDecoder byAlgorithm(JwtDecoder hmac, JwtDecoder jwks) {
		return (token) -> {
			if (token.length() > MAX_TOKEN_CHARS) {
				throw new BadJwtException("Token is too large");
			}
			String algorithm;
			Object subject;
			try {
				JWT parsed = JWTParser.parse(token);
				algorithm = parsed.getHeader().getAlgorithm().getName();
				// the raw claim: Nimbus turns a JSON number into a string
				subject = (parsed instanceof JOSEObject jose) ? jose.getPayload().toJSONObject().get(JwtClaimNames.SUB)
						: null;
			}
			catch (ParseException | RuntimeException ex) {
				throw new BadJwtException("Malformed token");
			}
			if (!Subjects.valid(subject)) {
				throw new BadJwtException("The sub claim is not a user id");
			}
			JwtDecoder decoder = algorithm.startsWith("HS") ? hmac : jwks;
			if (decoder == null) {
				throw new BadJwtException("Unsupported algorithm " + algorithm);
			}
			return decoder.decode(token);
		};
	}

	private static OAuth2TokenValidator<Jwt> validator(JwtProperties properties, TokenRulesProperties rules) {
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		JwtTimestampValidator timestamps = new JwtTimestampValidator(rules.clockSkew());
		// Spring Security's messages for these ("exp is required", "Jwt used before …")
		// name the claim, and the entry point passes them on to the client
		timestamps.setAllowEmptyExpiryClaim(!rules.requireExpiry());
		validators.add(timestamps);
		validators.add(new JwtClaimValidator<String>(JwtClaimNames.SUB, Subjects::valid));
		if (StringUtils.hasText(properties.issuer())) {
			validators.add(new JwtIssuerValidator(properties.issuer()));
		}
		if (StringUtils.hasText(properties.audience())) {
			validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
					(aud) -> aud != null && aud.contains(properties.audience())));
		}
		return new DelegatingOAuth2TokenValidator<>(validators);
	}

}
