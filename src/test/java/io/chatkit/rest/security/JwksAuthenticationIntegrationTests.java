package io.chatkit.rest.security;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.ApiClient.Response;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.ServiceIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code JWT_JWKS_URI}, {@code JWT_ISSUER} and {@code JWT_AUDIENCE} set next to
 * {@code JWT_SECRET}: RS256 tokens from a key in the JWKS and HS256 tokens from the
 * secret are accepted when issuer and audience match, and everything else is 401.
 */
@ServiceIntegrationTest
@DirtiesContext
class JwksAuthenticationIntegrationTests {

	private static final String ISSUER = "https://auth.example.com";

	private static final String AUDIENCE = "chatkit-rest";

	private static final RSAKey KEY = generate("key-1");

	private static final RSAKey OTHER_KEY = generate("key-2");

	private static final HttpServer JWKS = serve(new JWKSet(KEY.toPublicJWK()));

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void jwt(DynamicPropertyRegistry registry) {
		registry.add("chatkit.security.jwt.jwks-uri",
				() -> "http://127.0.0.1:" + JWKS.getAddress().getPort() + "/.well-known/jwks.json");
		registry.add("chatkit.security.jwt.issuer", () -> ISSUER);
		registry.add("chatkit.security.jwt.audience", () -> AUDIENCE);
	}

	@AfterAll
	static void stop() {
		JWKS.stop(0);
	}

	@Test
	void anRs256TokenFromTheJwksWithTheRightIssuerAndAudienceIsAccepted() throws Exception {
		String token = sign(new RSASSASigner(KEY), JWSAlgorithm.RS256, KEY.getKeyID(), claims(ISSUER, AUDIENCE));
		Response response = get(token);
		assertThat(response.status()).isEqualTo(200);
	}

	@Test
	void anHs256TokenFromTheSecretIsAcceptedAlongsideTheJwks() throws Exception {
		String token = sign(new MACSigner(JwtTokens.SECRET.getBytes(StandardCharsets.UTF_8)), JWSAlgorithm.HS256, null,
				claims(ISSUER, AUDIENCE));
		assertThat(get(token).status()).isEqualTo(200);
	}

	@Test
	void anRs256TokenSignedByAKeyOutsideTheJwksIsUnauthorized() throws Exception {
		String token = sign(new RSASSASigner(OTHER_KEY), JWSAlgorithm.RS256, OTHER_KEY.getKeyID(),
				claims(ISSUER, AUDIENCE));
		assertUnauthorized(get(token));
	}

	@Test
	void aWrongIssuerOrAudienceIsUnauthorized() throws Exception {
		assertUnauthorized(get(sign(new RSASSASigner(KEY), JWSAlgorithm.RS256, KEY.getKeyID(),
				claims("https://evil.example.com", AUDIENCE))));
		assertUnauthorized(
				get(sign(new RSASSASigner(KEY), JWSAlgorithm.RS256, KEY.getKeyID(), claims(ISSUER, "another-api"))));
		assertUnauthorized(get(JwtTokens.newUser()));
	}

	@Test
	void anHs256TokenKeyedWithThePublicKeyIsUnauthorized() throws Exception {
		byte[] publicKey = KEY.toRSAPublicKey().getEncoded();
		String token = sign(new MACSigner(publicKey), JWSAlgorithm.HS256, KEY.getKeyID(), claims(ISSUER, AUDIENCE));
		assertUnauthorized(get(token));
	}

	private Response get(String token) {
		return new ApiClient(this.port).get("/api/v1/chatkit/sessions", token);
	}

	private static void assertUnauthorized(Response response) {
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.errorCode()).isEqualTo("unauthorized");
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
	}

	private static JWTClaimsSet claims(String issuer, String audience) {
		return JwtTokens.claims("jwks-user-" + UUID.randomUUID(), Instant.now().plusSeconds(600))
			.issuer(issuer)
			.audience(List.of(audience))
			.build();
	}

	private static String sign(JWSSigner signer, JWSAlgorithm algorithm, String keyId, JWTClaimsSet claims)
			throws JOSEException {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(keyId).build(), claims);
		jwt.sign(signer);
		return jwt.serialize();
	}

	private static RSAKey generate(String keyId) {
		try {
			return new RSAKeyGenerator(2048).keyID(keyId).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static HttpServer serve(JWKSet keys) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			byte[] body = keys.toString().getBytes(StandardCharsets.UTF_8);
			server.createContext("/.well-known/jwks.json", (exchange) -> {
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
