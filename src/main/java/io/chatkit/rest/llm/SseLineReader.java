package io.chatkit.rest.llm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Reads the lines of an event stream (ended by LF, CR or CRLF) from bytes, decoding each
 * line as UTF-8 once it is complete. A {@code BufferedReader} over an
 * {@code InputStreamReader} holds 24 KiB of buffers for the life of every open stream
 * (8,192 chars and the decoder's 8 KiB), the biggest application-side share of a stream's
 * heap in the held-streams profile; this holds a 1 KiB read buffer and a line buffer as
 * long as the longest line. Splitting at the bytes of LF and CR is safe in UTF-8, where
 * they never occur inside a multi-byte character.
 */
final class SseLineReader {

	private final InputStream in;

	private final int maxLineBytes;

	private final byte[] buffer = new byte[1024];

	private int position;

	private int limit;

	private byte[] line = new byte[256];

	private int length;

	private boolean afterCr;

	/**
	 * Creates a reader.
	 * @param in the stream to read
	 * @param maxLineBytes longest line accepted, in bytes
	 */
	SseLineReader(InputStream in, int maxLineBytes) {
		this.in = in;
		this.maxLineBytes = maxLineBytes;
	}

	/**
	 * Reads the next line.
	 * @return the line without its end, or {@code null} at the end of the stream
	 * @throws IOException when reading fails
	 * @throws LineTooLongException when a line exceeds the limit
	 */
	@Nullable String next() throws IOException {
		this.length = 0;
		while (true) {
			if (this.position == this.limit) {
				int read = this.in.read(this.buffer);
				if (read == -1) {
					return (this.length > 0) ? decoded() : null;
				}
				this.position = 0;
				this.limit = read;
			}
			byte b = this.buffer[this.position++];
			if (this.afterCr) {
				this.afterCr = false;
				if (b == '\n') {
					continue;
				}
			}
			if (b == '\n') {
				return decoded();
			}
			if (b == '\r') {
				this.afterCr = true;
				return decoded();
			}
			append(b);
		}
	}

	private void append(byte b) throws LineTooLongException {
		if (this.length == this.line.length) {
			if (this.length >= this.maxLineBytes) {
				throw new LineTooLongException();
			}
			this.line = Arrays.copyOf(this.line, Math.min(this.length * 2, this.maxLineBytes));
		}
		this.line[this.length++] = b;
	}

	private String decoded() {
		return new String(this.line, 0, this.length, StandardCharsets.UTF_8);
	}

	/**
	 * A line longer than the reader accepts.
	 */
	static final class LineTooLongException extends IOException {

		LineTooLongException() {
			super("line too long");
		}

	}

}
