package io.chatkit.rest.security;

import java.util.stream.Collectors;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.util.StringUtils;

/**
 * The message a client gets when its token is refused. A token that decoded but broke a
 * claim rule says which rule ("exp is required", "Jwt expired at …"), so an integrator
 * can fix the issuer; every other refusal (bad signature, malformed) stays generic, as
 * the decoder's own wording may quote parts of the token.
 */
final class TokenRefusal {

	private static final String GENERIC = "Bearer token is invalid or expired";

	private TokenRefusal() {
	}

	static String message(AuthenticationException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof JwtValidationException invalid && !invalid.getErrors().isEmpty()) {
				String reasons = invalid.getErrors()
					.stream()
					.map(OAuth2Error::getDescription)
					.filter(StringUtils::hasText)
					.collect(Collectors.joining("; "));
				return reasons.isEmpty() ? GENERIC : GENERIC + ": " + reasons;
			}
		}
		return GENERIC;
	}

}
