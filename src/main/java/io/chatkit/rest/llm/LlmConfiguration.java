package io.chatkit.rest.llm;

import java.net.http.HttpClient;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The upstream HTTP client, built once with its connect timeout, and the adapter on it.
 */
@Configuration(proxyBeanMethods = false)
class LlmConfiguration {

	@Bean
	HttpClient upstreamHttpClient(LlmProperties properties) {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(properties.timeouts().connect())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	@Bean(destroyMethod = "close")
	UpstreamWatchdog upstreamWatchdog() {
		return new UpstreamWatchdog();
	}

	@Bean
	OpenRouterClient openRouterClient(HttpClient upstreamHttpClient, JsonMapper json, LlmProperties properties,
			UpstreamWatchdog upstreamWatchdog) {
		return new OpenRouterClient(upstreamHttpClient, json, properties, upstreamWatchdog);
	}

}
