package io.chatkit.rest.llm;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SseLineReaderTests {

	@Test
	void linesEndAtLfCrOrCrlf() throws IOException {
		assertThat(lines(whole("a\nb\rc\r\nd\n\ne"), 100)).containsExactly("a", "b", "c", "d", "", "e");
	}

	@Test
	void aCrlfSplitAcrossReadsIsOneLineEnd() throws IOException {
		assertThat(lines(byteByByte("a\r\nb\r\n\r\nc"), 100)).containsExactly("a", "b", "", "c");
	}

	@Test
	void aCharacterSplitAcrossReadsIsDecodedWhole() throws IOException {
		assertThat(lines(byteByByte("data: héllo 🙂 世界\n"), 100)).containsExactly("data: héllo 🙂 世界");
	}

	@Test
	void linesLongerThanTheReadBufferAreRead() throws IOException {
		String longLine = "x".repeat(5_000);
		assertThat(lines(whole(longLine + "\n" + longLine + "y\n"), 10_000)).containsExactly(longLine, longLine + "y");
	}

	@Test
	void aLineBeyondTheLimitIsRefused() {
		assertThatExceptionOfType(SseLineReader.LineTooLongException.class)
			.isThrownBy(() -> lines(whole("x".repeat(2_049) + "\n"), 2_048));
	}

	@Test
	void aLineAtTheLimitIsRead() throws IOException {
		assertThat(lines(whole("x".repeat(2_048) + "\n"), 2_048)).containsExactly("x".repeat(2_048));
	}

	@Test
	void anEmptyStreamHasNoLines() throws IOException {
		assertThat(lines(whole(""), 100)).isEmpty();
	}

	private static List<String> lines(InputStream in, int max) throws IOException {
		SseLineReader reader = new SseLineReader(in, max);
		List<String> lines = new ArrayList<>();
		String line;
		while ((line = reader.next()) != null) {
			lines.add(line);
		}
		return lines;
	}

	private static InputStream whole(String text) {
		return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
	}

	/** A stream handing out one byte per read, as a slow connection may. */
	private static InputStream byteByByte(String text) {
		InputStream bytes = whole(text);
		return new InputStream() {

			@Override
			public int read() throws IOException {
				return bytes.read();
			}

			@Override
			public int read(byte[] b, int off, int len) throws IOException {
				return bytes.read(b, off, Math.min(len, 1));
			}

		};
	}

}
