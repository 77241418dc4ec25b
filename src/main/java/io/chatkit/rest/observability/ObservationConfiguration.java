package io.chatkit.rest.observability;

import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.function.SingletonSupplier;

/**
 * Which observations run at all.
 */
@Configuration(proxyBeanMethods = false)
class ObservationConfiguration {

	/**
	 * No timers of single statements and Redis commands: their observations run for
	 * sampled requests only, so their counts would be a fraction of the real ones. The
	 * pool's own metrics ({@code jdbc.connections.*}, {@code hikaricp.*}) stay.
	 * @return the filter
	 */
	@Bean
	MeterFilter noTimersOfSampledCallsOnly() {
		return MeterFilter.deny((id) -> id.getName().startsWith("jdbc.query") || id.getName().startsWith("lettuce"));
	}

	/**
	 * The observations of database statements run inside a sampled trace only. Each one
	 * is a span builder, a timer and a long-task timer per statement whether or not its
	 * trace is kept; with the default sampling most of those spans are dropped unseen,
	 * and a reply runs several statements (docs/performance.md). A sampled request still
	 * gets a span per statement, under its own.
	 * @param tracer the application's tracer
	 * @return the predicate
	 */
	@Bean
	ObservationPredicate statementsOfSampledTracesOnly(ObjectProvider<Tracer> tracer) {
		SingletonSupplier<Tracer> tracers = SingletonSupplier.of(tracer::getIfAvailable);
		return (name, context) -> {
			if (!name.startsWith("jdbc.")) {
				return true;
			}
			Tracer current = tracers.get();
			Span span = (current != null) ? current.currentSpan() : null;
			return span != null && Boolean.TRUE.equals(span.context().sampled());
		};
	}

}
