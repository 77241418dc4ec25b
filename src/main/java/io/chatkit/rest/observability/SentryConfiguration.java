package io.chatkit.rest.observability;

import java.util.Map;
import java.util.TreeMap;

import io.sentry.SentryOptions;
import io.sentry.protocol.Request;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What leaves for Sentry: never request bodies, cookies or credentials, whatever the
 * SDK's defaults become.
 */
@Configuration(proxyBeanMethods = false)
class SentryConfiguration {

	@Bean
	SentryOptions.BeforeSendCallback stripCredentials() {
		return (event, hint) -> {
			Request request = event.getRequest();
			if (request != null) {
				request.setData(null);
				request.setCookies(null);
				request.setQueryString(null);
				Map<String, String> headers = request.getHeaders();
				if (headers != null) {
					Map<String, String> kept = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
					headers.forEach((name, value) -> {
						if (!isSensitive(name)) {
							kept.put(name, value);
						}
					});
					request.setHeaders(kept);
				}
			}
			return event;
		};
	}

	private static boolean isSensitive(String header) {
		String name = header.toLowerCase(java.util.Locale.ROOT);
		return name.equals("authorization") || name.equals("cookie") || name.equals("proxy-authorization")
				|| name.contains("api-key") || name.contains("token");
	}

}
