package io.chatkit.rest.security;

import io.chatkit.rest.web.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

class JwtConfigurationTests {

	@Test
	void aSecretShorterThan32BytesStopsStartUpNamingTheKeyButNotTheValue() {
		assertThatThrownBy(() -> JwtDecoderFactory.create(new JwtProperties("short-secret-value", null, null, null),
				TokenRulesTests.DEFAULTS))
			.isInstanceOf(InvalidConfigurationException.class)
			.hasMessageStartingWith("JWT_SECRET: must be at least 32 bytes")
			.hasMessageNotContaining("short-secret-value");
	}

	@Test
	void neitherSecretNorJwksStopsStartUp() {
		assertThatThrownBy(
				() -> JwtDecoderFactory.create(new JwtProperties("", "", null, null), TokenRulesTests.DEFAULTS))
			.isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("JWT_JWKS_URI");
	}

	@Test
	void aSecretOf32BytesIsAccepted() {
		assertThatNoException().isThrownBy(() -> JwtDecoderFactory
			.create(new JwtProperties("x".repeat(32), null, null, null), TokenRulesTests.DEFAULTS));
	}

}
