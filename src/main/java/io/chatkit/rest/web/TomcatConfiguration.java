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

	@Bean
	TomcatConnectorCustomizer encodedSlashesReachTheApplication() {
		return (connector) -> {
			connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
			connector.setEncodedReverseSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
		};
	}

}
