package io.chatkit.rest.web;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses input the servlet container would only fail on later, deep inside whatever
 * first asks for a parameter (and answer 500 there): a form or multipart body is 415
 * before anything parses it, and a query string that is not percent-encoded UTF-8 is 400.
 * Runs after the rate limit, so such requests still take a token.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 25)
class RequestInputFilter extends OncePerRequestFilter {

	private final ErrorResponseWriter errors;

	RequestInputFilter(ErrorResponseWriter errors) {
		this.errors = errors;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String contentType = (request.getContentType() != null) ? request.getContentType().toLowerCase(Locale.ROOT)
				: "";
		if (contentType.startsWith("application/x-www-form-urlencoded") || contentType.startsWith("multipart/")) {
			this.errors.write(request, response, ErrorCode.UNSUPPORTED_MEDIA_TYPE,
					"Content-Type must be application/json");
			return;
		}
		if (request.getQueryString() != null) {
			try {
				request.getParameterMap();
			}
			catch (IllegalStateException | IllegalArgumentException ex) {
				this.errors.write(request, response, ErrorCode.INVALID_REQUEST,
						"The query string is not percent-encoded UTF-8");
				return;
			}
		}
		chain.doFilter(request, response);
	}

}
