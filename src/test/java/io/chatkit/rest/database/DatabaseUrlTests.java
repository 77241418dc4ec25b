package io.chatkit.rest.database;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DatabaseUrlTests {

	@Test
	void aHostedProviderUrlBecomesJdbcWithSeparateCredentials() {
		DatabaseUrl url = DatabaseUrl.parse("postgresql://app:s%40cret@db.example.com:6543/chat?sslmode=require");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/chat?sslmode=require");
		assertThat(url.username()).isEqualTo("app");
		assertThat(url.password()).isEqualTo("s@cret");
	}

	@Test
	void thePostgresSchemeAndAMissingPortAreAccepted() {
		DatabaseUrl url = DatabaseUrl.parse("postgres://app@db/chat");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db/chat");
		assertThat(url.username()).isEqualTo("app");
		assertThat(url.password()).isNull();
	}

	@Test
	void aJdbcUrlIsKeptAsItIs() {
		DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://localhost:5432/chat?user=a&password=b");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/chat?user=a&password=b");
		assertThat(url.username()).isNull();
	}

	@Test
	void anUnknownSchemeIsRefusedWithoutRepeatingTheValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> DatabaseUrl.parse("mysql://u:topsecret@h/db"))
			.withMessageNotContaining("topsecret");
	}

	@Test
	void thePasswordNeverAppearsInToString() {
		assertThat(DatabaseUrl.parse("postgresql://u:topsecret@h/db").toString()).doesNotContain("topsecret");
	}

}
