package io.chatkit.rest.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How bearer tokens are verified.
 *
 * @param secret HS256 shared secret ({@code JWT_SECRET}); its raw UTF-8 bytes are the
 * key, at least 32 of them
 * @param jwksUri JWKS URL for RS256/ES256 tokens ({@code JWT_JWKS_URI})
 * @param issuer expected {@code iss}, checked when set ({@code JWT_ISSUER})
 * @param audience expected {@code aud}, checked when set ({@code JWT_AUDIENCE})
 */
@ConfigurationProperties("chatkit.security.jwt")
record JwtProperties(String secret, String jwksUri, String issuer, String audience) {

	static final int MIN_SECRET_BYTES = 32;

}
