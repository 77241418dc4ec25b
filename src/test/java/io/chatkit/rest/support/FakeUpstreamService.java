package io.chatkit.rest.support;

import java.util.LinkedHashMap;
import java.util.Map;

import io.chatkit.rest.llm.FakeOpenRouter;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link RunningService} for a whole test class, talking to its own
 * {@link FakeOpenRouter}: register it as a static {@code @RegisterExtension} field.
 */
public final class FakeUpstreamService implements BeforeAllCallback, AfterAllCallback {

	private final Map<String, Object> properties = new LinkedHashMap<>();

	private final FakeOpenRouter fake = FakeOpenRouter.start();

	private RunningService service;

	public FakeUpstreamService set(String name, Object value) {
		this.properties.put(name, value);
		return this;
	}

	public FakeOpenRouter fake() {
		return this.fake;
	}

	public RunningService service() {
		return this.service;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		RunningService.Builder builder = RunningService.with().set("chatkit.llm.base-url", this.fake.baseUrl());
		this.properties.forEach(builder::set);
		this.service = builder.start();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.service != null) {
			this.service.close();
		}
		this.fake.close();
	}

}
