package io.chatkit.rest.deploy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests that {@code values.schema.json} stops {@code helm template} on bad values.
 */
class ChartValuesSchemaTests {

	@ParameterizedTest
	@ValueSource(strings = { "rateLimit.requestsPerMinute=-1", "rateLimit.requestsPerMinute=0",
			"rateLimit.requestsPerMinute=abc", "rateLimit.requestsPerMinute=2.5", "budget.dailyUsd=-1",
			"budget.dailyUsd=ten", "budget.userDailyUsd=-0.5", "replicaCount=-1", "replicaCount=1.5",
			"image.pullPolicy=Sometimes", "autoscaling.enabled=yes", "rollout.enabled=1", "config.loggingJson=on",
			"unknownTopLevelKey=1", "ingress.unknown=1", "service.port=70000", "networkPolicy.egress.postgresPort=0",
			"rollout.analysis.prometheusAddress=prometheus:9090" })
	void badValuesFailTheRender(String set) {
		assertThatThrownBy(() -> ChartRender.template(null, set))
			.hasMessageContaining("values don't meet the specifications of the schema");
	}

	@ParameterizedTest
	@ValueSource(strings = { "rateLimit.requestsPerMinute=1", "budget.dailyUsd=0", "budget.dailyUsd=2.5",
			"replicaCount=0", "image.pullPolicy=Always", "config.extraEnv.CHATKIT_TOOLS_ENABLED=false" })
	void edgeValuesRender(String set) {
		assertThat(ChartRender.template(null, set)).contains("kind: ConfigMap");
	}

}
