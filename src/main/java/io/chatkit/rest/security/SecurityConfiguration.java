package io.chatkit.rest.security;

import java.io.IOException;
import java.util.List;

import io.chatkit.rest.web.ErrorCode;
import io.chatkit.rest.web.ErrorResponseWriter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * The API requires a valid bearer token; everything else (health, the console, unknown
 * routes) is open so it can answer with its own status. Refusals use the error envelope.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, ErrorResponseWriter errors) throws Exception {
		http.csrf((csrf) -> csrf.disable())
			.cors((cors) -> cors.disable())
			.httpBasic((basic) -> basic.disable())
			.formLogin((form) -> form.disable())
			.logout((logout) -> logout.disable())
			.requestCache((cache) -> cache.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.headers((headers) -> headers.cacheControl(Customizer.withDefaults()))
			.authorizeHttpRequests(
					(requests) -> requests.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
						.permitAll()
						.requestMatchers("/api/**")
						.authenticated()
						.anyRequest()
						.permitAll())
			.oauth2ResourceServer((oauth) -> oauth.jwt(Customizer.withDefaults())
				.authenticationEntryPoint((request, response, ex) -> unauthorized(errors, request, response, ex))
				.accessDeniedHandler((request, response, ex) -> errors.write(request, response, ErrorCode.FORBIDDEN,
						"Access denied")))
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint((request, response, ex) -> unauthorized(errors, request, response, ex))
				.accessDeniedHandler((request, response, ex) -> errors.write(request, response, ErrorCode.FORBIDDEN,
						"Access denied")));
		return http.build();
	}

	private static void unauthorized(ErrorResponseWriter errors, HttpServletRequest request,
			HttpServletResponse response, AuthenticationException ex) throws IOException {
		boolean tokenSent = request.getHeader("Authorization") != null;
		response.setHeader("WWW-Authenticate", tokenSent ? "Bearer error=\"invalid_token\"" : "Bearer");
		errors.write(request, response, ErrorCode.UNAUTHORIZED,
				tokenSent ? TokenRefusal.message(ex) : "Bearer token is required");
	}

	@Bean
	RequestRejectedHandler requestRejectedHandler(ErrorResponseWriter errors) {
		return (request, response, ex) -> errors.write(request, response, ErrorCode.INVALID_REQUEST,
				"Request path or headers are not acceptable");
	}

	@Bean
	JwtDecoder jwtDecoder(JwtProperties properties, TokenRulesProperties rules) {
		return JwtDecoderFactory.create(properties, rules);
	}

	@Bean
	FilterRegistrationBean<CorsFilter> corsFilter(CorsProperties properties) {
		CorsConfiguration config = new CorsConfiguration();
		config.setAllowedOrigins(properties.origins());
		config.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"));
		config.setAllowedHeaders(List.of("Content-Type", "Authorization", "Accept", "Origin", "X-Request-Id"));
		config.setExposedHeaders(
				List.of("X-Request-Id", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "Retry-After"));
		config.setAllowCredentials(false);
		config.setMaxAge(3600L);
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/**", config);
		CorsFilter filter = new CorsFilter(source);
		filter.setCorsProcessor(new EnvelopeCorsProcessor());
		FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

}
