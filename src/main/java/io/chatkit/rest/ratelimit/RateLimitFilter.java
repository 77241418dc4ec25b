package io.chatkit.rest.ratelimit;

import java.io.IOException;

import io.chatkit.rest.web.ErrorCode;
import io.chatkit.rest.web.ErrorResponseWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Lazy;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Takes one token per API request from the client's bucket, before authentication, so
 * requests with bad or missing tokens count too. CORS preflights are not counted. The
 * {@code RateLimit-*} headers are set before the rest of the chain runs, so successes,
 * errors and streams all carry them.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class RateLimitFilter extends OncePerRequestFilter {

	private static final String API = "/api/v1/chatkit";

	private final RequestBuckets buckets;

	private final ClientAddressResolver clients;

	private final ErrorResponseWriter errors;

	private final RateLimitMetrics metrics;

	/**
	 * Collaborators are lazy because the servlet container creates filters before the
	 * rest of the context, and the Redis link should see every property source.
	 */
	RateLimitFilter(@Lazy RequestBuckets buckets, @Lazy ClientAddressResolver clients, ErrorResponseWriter errors,
			@Lazy RateLimitMetrics metrics) {
		this.buckets = buckets;
		this.clients = clients;
		this.errors = errors;
		this.metrics = metrics;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getServletPath() + ((request.getPathInfo() != null) ? request.getPathInfo() : "");
		boolean api = path.equals(API) || path.startsWith(API + "/");
		return !api || CorsUtils.isPreFlightRequest(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Decision decision = this.buckets.take(this.clients.resolve(request));
		response.setHeader("RateLimit-Limit", Long.toString(decision.limit()));
		response.setHeader("RateLimit-Remaining", Long.toString(decision.remaining()));
		response.setHeader("RateLimit-Reset", Long.toString(decision.resetSeconds()));
		if (!decision.allowed()) {
			this.metrics.rateLimited();
			response.setHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
			this.errors.write(request, response, ErrorCode.RATE_LIMITED, "Too many requests: at most "
					+ decision.limit() + " a minute; retry in " + decision.retryAfterSeconds() + " s");
			return;
		}
		chain.doFilter(request, response);
	}

}
