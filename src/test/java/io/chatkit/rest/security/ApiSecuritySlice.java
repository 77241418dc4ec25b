package io.chatkit.rest.security;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The service's real security configuration and its settings for a web slice of another
 * feature, so the slice authenticates and refuses exactly as the service does (a slice
 * does not scan for settings).
 */
@TestConfiguration(proxyBeanMethods = false)
@Import(SecurityConfiguration.class)
@EnableConfigurationProperties({ JwtProperties.class, TokenRulesProperties.class, CorsProperties.class })
public class ApiSecuritySlice {

}
