package io.chatkit.rest.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Rules every bearer token must meet, whichever key signed it.
 *
 * @param requireExpiry whether a token without an {@code exp} claim is refused; on by
 * default so that a leaked token cannot stay valid for ever
 * @param clockSkew how far the issuer's clock may be from ours when {@code exp} and
 * {@code nbf} are checked
 */
@Validated
@ConfigurationProperties("chatkit.security")
record TokenRulesProperties(@DefaultValue("true") boolean requireExpiry, @DefaultValue("30s") Duration clockSkew) {

}
