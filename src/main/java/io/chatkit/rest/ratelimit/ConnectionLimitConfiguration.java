package io.chatkit.rest.ratelimit;

import java.util.function.Supplier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.function.SingletonSupplier;

/**
 * Puts the per-address connection cap on the API connector: Tomcat runs
 * {@link GuardedHttp11NioProtocol}, limited by {@code chatkit.server.*} with the trusted
 * proxies exempt. Slow headers are bounded by {@code server.tomcat.connection-timeout},
 * slow bodies by Tomcat's upload timeout.
 */
@Configuration(proxyBeanMethods = false)
class ConnectionLimitConfiguration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> guardedProtocol() {
		return (factory) -> factory.setProtocol(GuardedHttp11NioProtocol.class.getName());
	}

	@Bean
	TomcatConnectorCustomizer connectionsPerAddress(ConnectionProperties properties,
			ObjectProvider<RateLimitProperties> rateLimit) {
		// resolved at the first accept: the web server is built before every property
		// source is in place, and binding the rate-limit settings that early would freeze
		// them without the Redis URL
		Supplier<ClientAddressResolver> proxies = SingletonSupplier
			.of(() -> new ClientAddressResolver(rateLimit.getObject().trustedProxies()));
		return (connector) -> {
			if (connector.getProtocolHandler() instanceof GuardedHttp11NioProtocol protocol) {
				protocol.limit(properties.maxConnectionsPerAddress(),
						(address) -> proxies.get().isTrustedProxy(address));
			}
			// a body must keep arriving: each read of it waits at most this long
			connector.setProperty("disableUploadTimeout", "false");
			connector.setProperty("connectionUploadTimeout", "30000");
		};
	}

}
