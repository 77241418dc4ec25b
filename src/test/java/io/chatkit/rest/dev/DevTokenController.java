package io.chatkit.rest.dev;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /dev/token?sub=alice}: a token signed with the dev secret, valid for 12
 * hours. Only under the dev launcher; the service itself has no such route.
 */
@RestController
@Profile("dev")
class DevTokenController {

	private final byte[] secret;

	DevTokenController(Environment environment) {
		this.secret = environment.getRequiredProperty("chatkit.security.jwt.secret").getBytes(StandardCharsets.UTF_8);
	}

	@GetMapping(path = "/dev/token", produces = MediaType.TEXT_PLAIN_VALUE)
	String token(@RequestParam(defaultValue = "dev-user") String sub) throws JOSEException {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(sub)
			.issueTime(new Date())
			.expirationTime(Date.from(Instant.now().plus(Duration.ofHours(12))))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
		jwt.sign(new MACSigner(this.secret));
		return jwt.serialize();
	}

}
