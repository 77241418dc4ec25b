package io.chatkit.rest.observability;

import java.io.IOException;

import java.util.Map;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One log line per finished API request: method, path, status and duration. It carries
 * the request id through the MDC; it never logs headers, query strings or bodies.
 */
@Component
// inside the server observation filter (HIGHEST_PRECEDENCE + 1), so the line carries the
// request's trace id
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class AccessLogFilter extends OncePerRequestFilter {

	private static final Logger logger = LoggerFactory.getLogger("io.chatkit.rest.access");

	private final boolean enabled;

	AccessLogFilter(LoggingProperties properties) {
		this.enabled = properties.access();
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.enabled || !request.getRequestURI().startsWith("/api/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long started = System.nanoTime();
		try {
			chain.doFilter(request, response);
		}
		finally {
			if (request.isAsyncStarted()) {
				// a reply stream goes on after the request thread returned: its line is
				// written when it ends
				Map<String, String> context = MDC.getCopyOfContextMap();
				request.getAsyncContext().addListener(new AsyncListener() {

					@Override
					public void onComplete(AsyncEvent event) {
						Map<String, String> previous = MDC.getCopyOfContextMap();
						MDC.setContextMap((context != null) ? context : Map.of());
						try {
							log(request, response, started);
						}
						finally {
							MDC.setContextMap((previous != null) ? previous : Map.of());
						}
					}

					@Override
					public void onTimeout(AsyncEvent event) {
					}

					@Override
					public void onError(AsyncEvent event) {
					}

					@Override
					public void onStartAsync(AsyncEvent event) {
					}

				});
			}
			else {
				log(request, response, started);
			}
		}
	}

	private static void log(HttpServletRequest request, HttpServletResponse response, long started) {
		if (logger.isInfoEnabled()) {
			logger.info("{} {} {} {}ms", request.getMethod(), request.getRequestURI(), response.getStatus(),
					(System.nanoTime() - started) / 1_000_000);
		}
	}

}
