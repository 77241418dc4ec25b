package io.chatkit.rest.ratelimit;

import java.net.SocketAddress;

import io.lettuce.core.tracing.TraceContext;
import io.lettuce.core.tracing.TraceContextProvider;
import io.lettuce.core.tracing.Tracer;
import io.lettuce.core.tracing.TracerProvider;
import io.lettuce.core.tracing.Tracing;

/**
 * Lettuce's Micrometer tracing, for the commands of a sampled trace only. Lettuce starts
 * an observation for every command (a span builder with its attributes, a timer and a
 * long-task timer) whatever becomes of the trace it belongs to; with the default sampling
 * most of those spans are dropped unseen, and at 400 concurrent streams the observations
 * of Redis commands took a quarter of the service's CPU samples (docs/performance.md).
 * Here a command sent while the current span is sampled is traced as before, under that
 * span; any other command, including one sent outside a request, gets no span.
 */
final class SampledCommandTracing implements Tracing {

	private static final TraceContext UNSAMPLED = new TraceContext() {
	};

	/**
	 * Lettuce's own tracer of a disabled tracing: every span it gives records nothing.
	 */
	private static final Tracer UNTRACED = Tracing.disabled().getTracerProvider().getTracer();

	private final Tracing traced;

	private final io.micrometer.tracing.Tracer current;

	private final Tracer commands = new Tracer() {

		@Override
		public Tracer.Span nextSpan() {
			return UNTRACED.nextSpan();
		}

		@Override
		public Tracer.Span nextSpan(TraceContext context) {
			return (context == UNSAMPLED) ? UNTRACED.nextSpan()
					: SampledCommandTracing.this.traced.getTracerProvider().getTracer().nextSpan(context);
		}

	};

	/**
	 * Traces the sampled commands.
	 * @param traced Lettuce's tracing for a command that is recorded
	 * @param current the application's tracer, which knows whether the current span is
	 * sampled
	 */
	SampledCommandTracing(Tracing traced, io.micrometer.tracing.Tracer current) {
		this.traced = traced;
		this.current = current;
	}

	@Override
	public TracerProvider getTracerProvider() {
		return () -> this.commands;
	}

	@Override
	public TraceContextProvider initialTraceContextProvider() {
		return this::context;
	}

	private TraceContext context() {
		io.micrometer.tracing.Span span = this.current.currentSpan();
		if (span == null || !Boolean.TRUE.equals(span.context().sampled())) {
			return UNSAMPLED;
		}
		return this.traced.initialTraceContextProvider().getTraceContext();
	}

	@Override
	public boolean isEnabled() {
		return true;
	}

	@Override
	public boolean includeCommandArgsInSpanTags() {
		return this.traced.includeCommandArgsInSpanTags();
	}

	@Override
	public Endpoint createEndpoint(SocketAddress socketAddress) {
		return this.traced.createEndpoint(socketAddress);
	}

}
