package io.chatkit.rest.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which browser origins may call the API.
 *
 * @param origins exact origins ({@code CORS_ORIGINS}, comma-separated); empty means no
 * cross-origin access
 */
@ConfigurationProperties("chatkit.cors")
record CorsProperties(List<String> origins) {

	CorsProperties {
		origins = (origins != null) ? origins.stream().map(String::strip).filter((o) -> !o.isEmpty()).toList()
				: List.of();
	}

}
