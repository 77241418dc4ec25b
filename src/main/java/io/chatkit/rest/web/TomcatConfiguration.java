package io.chatkit.rest.web;

import org.apache.catalina.core.StandardHost;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Paths with an encoded slash or backslash ({@code %2F}, {@code %5C}) reach the
 * application instead of being refused by the container with an HTML page, so they too
 * are answered in the error envelope.
 */
@Configuration(proxyBeanMethods = false)
class TomcatConfiguration {

	@Bean
	TomcatContextCustomizer envelopeForContainerErrors() {
		return (context) -> {
			if (context.getParent() instanceof StandardHost host) {
				host.setErrorReportValveClass(EnvelopeErrorReportValve.class.getName());
			}
		};
	}

	/**
	 * Smaller per-connection buffers: Tomcat allocates them when a connection gets its
	 * processor and keeps them while it is open, i.e. for the whole life of a reply
	 * stream. Socket reads and writes of 4 KiB (the request header buffer is the header
	 * limit plus the read buffer; 2 KiB buffers cost more CPU per reply in the bench),
	 * and trailers on a chunked request body of at most 1 KiB (the default 8 KiB buffer
	 * is allocated for every connection). See docs/performance.md, "Per-stream memory".
	 */
	@Bean
	TomcatConnectorCustomizer smallConnectionBuffers() {
		return (connector) -> {
			connector.setProperty("socket.appReadBufSize", "4096");
			connector.setProperty("socket.appWriteBufSize", "4096");
			connector.setProperty("maxTrailerSize", "1024");
		};
	}

	@Bean
	TomcatConnectorCustomizer encodedSlashesReachTheApplication() {
		return (connector) -> {
			connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
			connector.setEncodedReverseSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
		};
	}

}
