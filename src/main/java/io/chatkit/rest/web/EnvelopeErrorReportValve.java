package io.chatkit.rest.web;

import java.io.IOException;
import java.io.Writer;
import java.util.UUID;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.http.MimeHeaders;

/**
 * Tomcat's error report for requests the container refuses before any filter runs (an
 * encoded NUL in the path, say): the error envelope instead of an HTML page.
 */
public class EnvelopeErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		if (status == 400 && headersTooLarge(throwable)) {
			if (overflowedInAuthorization(request)) {
				response.setStatus(ErrorCode.UNAUTHORIZED.status().value());
				response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
			}
			else {
				response.setStatus(ErrorCode.REQUEST_HEADER_FIELDS_TOO_LARGE.status().value());
			}
			status = response.getStatus();
		}
		String code = switch (status) {
			case 401 -> ErrorCode.UNAUTHORIZED.code();
			case 431 -> ErrorCode.REQUEST_HEADER_FIELDS_TOO_LARGE.code();
			case 404 -> ErrorCode.NOT_FOUND.code();
			case 405 -> ErrorCode.METHOD_NOT_ALLOWED.code();
			case 413 -> ErrorCode.PAYLOAD_TOO_LARGE.code();
			case 503 -> ErrorCode.SERVICE_UNAVAILABLE.code();
			default -> (status >= 500) ? ErrorCode.INTERNAL_ERROR.code() : ErrorCode.INVALID_REQUEST.code();
		};
		String requestId = response.getHeader(RequestIdFilter.HEADER);
		if (requestId == null) {
			requestId = UUID.randomUUID().toString();
			response.setHeader(RequestIdFilter.HEADER, requestId);
		}
		try {
			response.setContentType("application/json");
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write("{\"success\":false,\"error\":{\"code\":\"" + code
						+ "\",\"message\":\"Request refused by the server\",\"request_id\":\"" + requestId + "\"}}");
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone; nothing more to tell it
		}
	}

	private static boolean headersTooLarge(Throwable throwable) {
		return throwable instanceof IllegalArgumentException && throwable.getMessage() != null
				&& throwable.getMessage().contains("header is too large");
	}

	/**
	 * Whether the header being read when the limit was hit is {@code Authorization}: an
	 * oversized token is a bad token (401), while a big cookie or custom header beside a
	 * good token is the request's size problem (431) and must not sign the user out.
	 * Tomcat keeps the headers read so far, the one that overflowed last.
	 */
	private static boolean overflowedInAuthorization(Request request) {
		MimeHeaders headers = request.getCoyoteRequest().getMimeHeaders();
		int last = headers.size() - 1;
		return last >= 0 && "Authorization".equalsIgnoreCase(headers.getName(last).toString());
	}

}
