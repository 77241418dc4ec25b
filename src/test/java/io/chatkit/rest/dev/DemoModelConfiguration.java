package io.chatkit.rest.dev;

import java.util.Map;

import io.chatkit.rest.llm.FakeOpenRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

/**
 * For the dev launcher: without {@code OPENROUTER_API_KEY}, starts the offline demo model
 * as an in-process OpenAI-compatible server and points the upstream client at it, so
 * replies travel the production path. With a key set it does nothing and replies come
 * from OpenRouter.
 */
@TestConfiguration(proxyBeanMethods = false)
public class DemoModelConfiguration {

	@Bean
	static OfflineDemoModel offlineDemoModel() {
		return new OfflineDemoModel();
	}

	/**
	 * Starts the demo server and overrides the upstream properties before they are bound.
	 */
	static final class OfflineDemoModel implements BeanFactoryPostProcessor, EnvironmentAware, DisposableBean {

		private static final Logger logger = LoggerFactory.getLogger(OfflineDemoModel.class);

		private ConfigurableEnvironment environment;

		private FakeOpenRouter server;

		@Override
		public void setEnvironment(Environment environment) {
			this.environment = (ConfigurableEnvironment) environment;
		}

		@Override
		public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
			String key = this.environment.getProperty("chatkit.llm.api-key");
			if (key != null && !key.isBlank()) {
				return;
			}
			this.server = FakeOpenRouter.start().fallback(new DemoModel());
			this.environment.getPropertySources()
				.addFirst(new MapPropertySource("offlineDemoModel", Map.of("chatkit.llm.api-key", "offline-demo",
						"chatkit.llm.base-url", this.server.baseUrl(), "chatkit.llm.model", DemoModel.MODEL)));
			logger.warn("OPENROUTER_API_KEY is not set: replies come from the offline demo model at {}",
					this.server.baseUrl());
		}

		@Override
		public void destroy() {
			if (this.server != null) {
				this.server.close();
			}
		}

	}

}
