package io.chatkit.rest.llm;

import java.net.http.HttpClient;
import java.util.concurrent.Executors;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The upstream HTTP client, built once with its connect timeout, and the adapter on it.
 * The client's work runs on virtual threads: its default executor is a cached pool of
 * platform threads that grows with the number of concurrent streams.
 */
@Configuration(proxyBeanMethods = false)
class LlmConfiguration {

	@Bean
	HttpClient upstreamHttpClient(LlmProperties properties) {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(properties.timeouts().connect())
			.followRedirects(HttpClient.Redirect.NEVER)
			.executor(Executors.newVirtualThreadPerTaskExecutor())
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

	@Bean
	GenerationRecords generationRecords(HttpClient upstreamHttpClient, JsonMapper json, LlmProperties properties) {
		return new GenerationRecords(upstreamHttpClient, json, properties);
	}

}
