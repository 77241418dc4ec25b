package io.chatkit.rest.web;

import java.io.IOException;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedactedTests {

	@Test
	void aChainKeepsItsClassesAndFramesAndLosesEveryMessage() {
		SQLException root = new SQLException("insert into tasks values ('secret title')");
		IOException middle = new IOException("value 'alice@example.com'", root);
		IllegalStateException top = new IllegalStateException("user text: hello", middle);

		Redacted redacted = Redacted.of(top);

		assertThat(redacted.getMessage()).isEqualTo(IllegalStateException.class.getName());
		assertThat(redacted.getStackTrace()).isEqualTo(top.getStackTrace());
		assertThat(redacted.getCause()).isInstanceOf(Redacted.class)
			.hasMessage(IOException.class.getName())
			.cause()
			.isInstanceOf(Redacted.class)
			.hasMessage(SQLException.class.getName())
			.hasNoCause();
		assertThat(redacted.getCause().getStackTrace()).isEqualTo(middle.getStackTrace());
		assertThat(redacted).hasToString(IllegalStateException.class.getName());
	}

	@Test
	void aCauseCycleEndsTheChain() {
		IllegalStateException first = new IllegalStateException("a");
		IllegalArgumentException second = new IllegalArgumentException("b", first);
		first.initCause(second);

		Redacted redacted = Redacted.of(first);

		assertThat(redacted.getCause()).hasMessage(IllegalArgumentException.class.getName()).hasNoCause();
	}

	@Test
	void aFailureWithoutACauseHasNone() {
		assertThat(Redacted.of(new RuntimeException("x")).getCause()).isNull();
	}

}
