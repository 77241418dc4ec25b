package io.chatkit.rest.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Writes the error envelope straight to the servlet response, for the filters that answer
 * before a controller is reached (authentication, CORS, rate limits, request size).
 */
@Component
public class ErrorResponseWriter {

	private final JsonMapper jsonMapper;

	ErrorResponseWriter(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Writes the envelope unless the response is already committed.
	 * @param request the request being answered
	 * @param response the response to write
	 * @param code the error code
	 * @param message the message shown to the client
	 * @throws IOException when the client is gone
	 */
	public void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String message)
			throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.setStatus(code.status().value());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		this.jsonMapper.writeValue(response.getOutputStream(),
				ErrorBody.of(code, message, RequestIdFilter.of(request)));
	}

}
