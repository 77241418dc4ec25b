package io.chatkit.rest.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SubjectsTests {

	@Test
	void onlyStringsNameUsers() {
		assertThat(Subjects.valid("alice")).isTrue();
		assertThat(Subjects.valid(42L)).isFalse();
		assertThat(Subjects.valid(true)).isFalse();
		assertThat(Subjects.valid(null)).isFalse();
		assertThat(Subjects.valid("")).isFalse();
		assertThat(Subjects.valid("   ")).isFalse();
	}

	@Test
	void lengthIsCountedInCodePoints() {
		assertThat(Subjects.valid("😀".repeat(255))).isTrue();
		assertThat(Subjects.valid("😀".repeat(256))).isFalse();
		assertThat(Subjects.valid("x".repeat(256))).isFalse();
	}

	@Test
	void loneSurrogatesAndControlCharactersAreRefused() {
		assertThat(Subjects.valid("\ud800")).isFalse();
		assertThat(Subjects.valid("a\udc00")).isFalse();
		assertThat(Subjects.valid("a\u0000")).isFalse();
		assertThat(Subjects.valid("a\u001f")).isFalse();
		assertThat(Subjects.valid("a\u007f")).isFalse();
		assertThat(Subjects.valid("a\u009f")).isFalse();
		assertThat(Subjects.valid("a\u00a0")).isTrue();
	}

}
