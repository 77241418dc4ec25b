package io.chatkit.rest.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link PageCursor}: the opaque keyset cursor of the list endpoints.
 */
class PageCursorTests {

	private static final UUID ID = UUID.fromString("0b6f5a8e-3c1d-4e2f-9a7b-1c2d3e4f5a6b");

	@Test
	void aCursorDecodesToThePositionItWasMadeFrom() {
		PageCursor cursor = new PageCursor(Instant.parse("2026-03-01T12:34:56.123456Z"), ID);
		assertThat(PageCursor.decode(cursor.encode())).isEqualTo(cursor);
	}

	@Test
	void aCursorIsUrlSafeWithoutPadding() {
		String encoded = new PageCursor(Instant.parse("2026-03-01T12:34:56.123456Z"), ID).encode();
		assertThat(encoded).matches("[A-Za-z0-9_-]+");
	}

	@Test
	void aCursorKeepsMicrosecondsAsPostgresqlDoes() {
		PageCursor cursor = new PageCursor(Instant.parse("2026-03-01T12:34:56.123456789Z"), ID);
		assertThat(PageCursor.decode(cursor.encode()).at()).isEqualTo(Instant.parse("2026-03-01T12:34:56.123456Z"));
	}

	@Test
	void theEpochAndTheLastMicrosecondOf9999AreValidPositions() {
		PageCursor first = new PageCursor(Instant.EPOCH, ID);
		PageCursor last = new PageCursor(Instant.parse("9999-12-31T23:59:59.999999Z"), ID);
		assertThat(PageCursor.decode(first.encode())).isEqualTo(first);
		assertThat(PageCursor.decode(last.encode())).isEqualTo(last);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "not base64!", "djEu", "v2.0." + "0b6f5a8e-3c1d-4e2f-9a7b-1c2d3e4f5a6b",
			"v1.-1.0b6f5a8e-3c1d-4e2f-9a7b-1c2d3e4f5a6b", "v1.253402300800000000.0b6f5a8e-3c1d-4e2f-9a7b-1c2d3e4f5a6b",
			"v1.12.not-a-uuid", "v1.12", "v1.x.0b6f5a8e-3c1d-4e2f-9a7b-1c2d3e4f5a6b",
			"v1.12.0B6F5A8E-3C1D-4E2F-9A7B-1C2D3E4F5A6B", "v1.12.b6f5a8e-3c1d-4e2f-9a7b-1c2d3e4f5a6b" })
	void anythingThisServiceDidNotIssueIsAValidationFailure(String raw) {
		String cursor = (raw.startsWith("v") && raw.contains(".")) ? encode(raw) : raw;
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> PageCursor.decode(cursor))
			.withMessage("cursor is not one this service issued")
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
	}

	@Test
	void aHandMadeCursorOfTheRightShapeIsAccepted() {
		PageCursor cursor = PageCursor.decode(encode("v1.1000000." + ID));
		assertThat(cursor).isEqualTo(new PageCursor(Instant.ofEpochSecond(1), ID));
	}

	private static String encode(String raw) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
	}

}
