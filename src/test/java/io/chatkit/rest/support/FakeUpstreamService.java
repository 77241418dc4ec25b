package io.chatkit.rest.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import io.chatkit.rest.llm.FakeOpenRouter;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@link RunningService}s for a whole test class, talking to their own
 * {@link FakeOpenRouter}: register it as a static {@code @RegisterExtension} field. With
 * {@link #instances(int)} several instances share PostgreSQL, Redis and their rate-limit
 * keys, as the replicas of one deployment do.
 */
public final class FakeUpstreamService implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

	private final Map<String, Supplier<?>> properties = new LinkedHashMap<>();

	private final FakeOpenRouter fake = FakeOpenRouter.start();

	private final List<RunningService> services = new ArrayList<>();

	private int instances = 1;

	private boolean resetAfterEach;

	public FakeUpstreamService set(String name, Object value) {
		this.properties.put(name, () -> value);
		return this;
	}

	/**
	 * Sets a property whose value is known only when the services start, such as the
	 * address of another extension's server.
	 * @param name the property
	 * @param value gives the value at start
	 * @return this extension
	 */
	public FakeUpstreamService set(String name, Supplier<?> value) {
		this.properties.put(name, value);
		return this;
	}

	/**
	 * Starts this many instances instead of one.
	 * @param count the number of instances
	 * @return this extension
	 */
	public FakeUpstreamService instances(int count) {
		this.instances = count;
		return this;
	}

	/**
	 * Resets the fake after every test, so each test scripts its own replies and counts
	 * only its own calls.
	 * @return this extension
	 */
	public FakeUpstreamService resetAfterEach() {
		this.resetAfterEach = true;
		return this;
	}

	public FakeOpenRouter fake() {
		return this.fake;
	}

	public RunningService service() {
		return service(0);
	}

	/**
	 * One of the instances.
	 * @param index its index, from 0
	 * @return the instance
	 */
	public RunningService service(int index) {
		return this.services.get(index);
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		String keyPrefix = "test:" + UUID.randomUUID() + ":";
		for (int i = 0; i < this.instances; i++) {
			RunningService.Builder builder = RunningService.with()
				.set("chatkit.llm.base-url", this.fake.baseUrl())
				.set("chatkit.rate-limit.key-prefix", keyPrefix);
			this.properties.forEach((name, value) -> builder.set(name, value.get()));
			this.services.add(builder.start());
		}
	}

	@Override
	public void afterEach(ExtensionContext context) {
		if (this.resetAfterEach) {
			this.fake.reset();
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		this.services.forEach(RunningService::close);
		this.fake.close();
	}

}
