package io.chatkit.rest.support;

import java.net.URI;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link TcpProxy} in front of the test Redis for a whole test class, so a test can
 * break a service's link to Redis while Redis itself stays up: register it as a static
 * {@code @RegisterExtension} field ordered before the service that is given
 * {@link #url()}. Every test starts with the link whole.
 */
public final class RedisRelay implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

	private TcpProxy proxy;

	/**
	 * The Redis URL that goes through the relay, to the same database as the test Redis.
	 * @return the URL
	 */
	public String url() {
		return "redis://127.0.0.1:" + this.proxy.port() + URI.create(TestRedis.url()).getPath();
	}

	/**
	 * Holds every connection open but forwards nothing until the test ends, as a network
	 * partition does.
	 */
	public void partition() {
		this.proxy.partition();
	}

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		URI redis = URI.create(TestRedis.url());
		this.proxy = new TcpProxy(redis.getHost(), (redis.getPort() != -1) ? redis.getPort() : 6379);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		this.proxy.restore();
	}

	@Override
	public void afterAll(ExtensionContext context) throws Exception {
		if (this.proxy != null) {
			this.proxy.close();
		}
	}

}
