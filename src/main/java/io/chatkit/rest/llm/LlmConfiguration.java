package io.chatkit.rest.llm;

import java.net.http.HttpClient;
import java.util.concurrent.Executors;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The upstream HTTP client, built once with its connect timeout, the breaker in front of
 * the primary upstream, and the adapter on them. The client's work runs on virtual
 * threads: its default executor is a cached pool of platform threads that grows with the
 * number of concurrent streams.
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

	/**
	 * The breaker in front of the primary upstream: a count window as long as the failure
	 * threshold, all of it failed, is that many consecutive failed rounds.
	 */
	@Bean
	CircuitBreaker primaryUpstreamBreaker(RoutingProperties routing, MeterRegistry meters) {
		CircuitBreakerConfig config = CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(routing.breaker().failures())
			.minimumNumberOfCalls(routing.breaker().failures())
			.failureRateThreshold(100)
			.waitDurationInOpenState(routing.breaker().openFor())
			.permittedNumberOfCallsInHalfOpenState(1)
			.automaticTransitionFromOpenToHalfOpenEnabled(false)
			.build();
		CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(config);
		TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
		return registry.circuitBreaker("llm-primary");
	}

	@Bean
	OpenRouterClient openRouterClient(HttpClient upstreamHttpClient, JsonMapper json, LlmProperties properties,
			RoutingProperties routing, UpstreamWatchdog upstreamWatchdog, CircuitBreaker primaryUpstreamBreaker,
			ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
		ChatSpans spans = new ChatSpans(tracer.getIfAvailable(() -> Tracer.NOOP),
				propagator.getIfAvailable(() -> Propagator.NOOP), json);
		return new OpenRouterClient(upstreamHttpClient, json, properties, routing, upstreamWatchdog,
				primaryUpstreamBreaker, spans);
	}

	@Bean
	GenerationRecords generationRecords(HttpClient upstreamHttpClient, JsonMapper json, LlmProperties properties) {
		return new GenerationRecords(upstreamHttpClient, json, properties);
	}

}
