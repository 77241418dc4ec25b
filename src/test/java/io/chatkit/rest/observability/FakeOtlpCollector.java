package io.chatkit.rest.observability;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * An OpenTelemetry Collector's OTLP/HTTP traces receiver ({@code POST /v1/traces},
 * protobuf) on loopback, keeping every span it receives, decoded with the
 * {@code opentelemetry-proto} classes.
 */
public final class FakeOtlpCollector implements AutoCloseable {

	private final HttpServer server;

	private final List<Received> spans = new CopyOnWriteArrayList<>();

	private FakeOtlpCollector() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/v1/traces", (exchange) -> {
			try (InputStream body = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
					? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
				ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
				for (ResourceSpans resource : request.getResourceSpansList()) {
					Map<String, String> resourceAttributes = attributes(resource.getResource().getAttributesList());
					for (ScopeSpans scope : resource.getScopeSpansList()) {
						scope.getSpansList().forEach((span) -> this.spans.add(new Received(span, resourceAttributes)));
					}
				}
			}
			byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
			exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
			exchange.sendResponseHeaders(200, (answer.length == 0) ? -1 : answer.length);
			exchange.getResponseBody().write(answer);
			exchange.close();
		});
		this.server.start();
	}

	public static FakeOtlpCollector start() {
		try {
			return new FakeOtlpCollector();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The traces endpoint, as
	 * {@code management.opentelemetry.tracing.export.otlp.endpoint} takes it.
	 */
	public String tracesEndpoint() {
		return baseUrl() + "/v1/traces";
	}

	/**
	 * The base URL, as {@code OTEL_EXPORTER_OTLP_ENDPOINT} takes it.
	 */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	public List<Received> spans() {
		return List.copyOf(this.spans);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private static Map<String, String> attributes(List<KeyValue> attributes) {
		Map<String, String> values = new LinkedHashMap<>();
		attributes.forEach((attribute) -> values.put(attribute.getKey(), text(attribute.getValue())));
		return values;
	}

	private static String text(AnyValue value) {
		return switch (value.getValueCase()) {
			case STRING_VALUE -> value.getStringValue();
			case BOOL_VALUE -> String.valueOf(value.getBoolValue());
			case INT_VALUE -> String.valueOf(value.getIntValue());
			case DOUBLE_VALUE -> String.valueOf(value.getDoubleValue());
			case ARRAY_VALUE ->
				value.getArrayValue().getValuesList().stream().map(FakeOtlpCollector::text).toList().toString();
			case KVLIST_VALUE -> attributes(value.getKvlistValue().getValuesList()).toString();
			case BYTES_VALUE -> HexFormat.of().formatHex(value.getBytesValue().toByteArray());
			case VALUE_NOT_SET -> "";
			case STRING_VALUE_STRINDEX -> throw new IllegalStateException("OTLP profiles string table reference");
		};
	}

	/**
	 * One span as the collector decoded it.
	 *
	 * @param span the decoded span
	 * @param resource the attributes of the resource that sent it
	 */
	public record Received(Span span, Map<String, String> resource) {

		public String name() {
			return this.span.getName();
		}

		public String traceId() {
			return HexFormat.of().formatHex(this.span.getTraceId().toByteArray());
		}

		public String spanId() {
			return HexFormat.of().formatHex(this.span.getSpanId().toByteArray());
		}

		public String parentSpanId() {
			return HexFormat.of().formatHex(this.span.getParentSpanId().toByteArray());
		}

		public Span.SpanKind kind() {
			return this.span.getKind();
		}

		public Map<String, String> attributes() {
			return FakeOtlpCollector.attributes(this.span.getAttributesList());
		}

	}

}
