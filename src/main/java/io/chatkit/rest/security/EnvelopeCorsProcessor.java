package io.chatkit.rest.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.chatkit.rest.web.ErrorCode;
import io.chatkit.rest.web.RequestIdFilter;

import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.DefaultCorsProcessor;

/**
 * Spring's CORS checks, with refusals answered as the 403 {@code forbidden} error
 * envelope.
 */
class EnvelopeCorsProcessor extends DefaultCorsProcessor {

	@Override
	protected void rejectRequest(ServerHttpResponse response) throws IOException {
		response.setStatusCode(ErrorCode.FORBIDDEN.status());
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		String requestId = response.getHeaders().getFirst(RequestIdFilter.HEADER);
		String body = "{\"success\":false,\"error\":{\"code\":\"forbidden\",\"message\":\"Origin is not allowed\",\"request_id\":"
				+ ((requestId != null) ? "\"" + requestId + "\"" : "null") + "}}";
		response.getBody().write(body.getBytes(StandardCharsets.UTF_8));
		response.flush();
	}

}
