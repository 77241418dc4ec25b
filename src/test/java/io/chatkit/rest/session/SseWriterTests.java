package io.chatkit.rest.session;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SseWriter}: the wire form of a client's reply stream and how it
 * notices that the client is gone.
 */
class SseWriterTests {

	private static final long HOUR = Duration.ofHours(1).toNanos();

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final SseWriter writer = new SseWriter(this.out);

	@Test
	void anEventIsWrittenWithItsIdNameAndDataAndEndsWithABlankLine() {
		boolean written = this.writer.event(new LoggedEvent(7, "delta", "{\"text\":\"Grüße 😀\"}"));
		assertThat(written).isTrue();
		assertThat(written()).isEqualTo("id: 7\nevent: delta\ndata: {\"text\":\"Grüße 😀\"}\n\n");
	}

	@Test
	void eventsFollowEachOtherInOrder() {
		this.writer.event(new LoggedEvent(1, "start", "{}"));
		this.writer.event(new LoggedEvent(2, "done", "{\"finish_reason\":\"stop\"}"));
		assertThat(written())
			.isEqualTo("id: 1\nevent: start\ndata: {}\n\nid: 2\nevent: done\ndata: {\"finish_reason\":\"stop\"}\n\n");
	}

	@Test
	void aKeepAliveCommentIsSentOnlyAfterTheGivenSilence() {
		assertThat(this.writer.keepAliveIfSilentFor(HOUR)).isTrue();
		assertThat(written()).isEmpty();
		assertThat(this.writer.keepAliveIfSilentFor(0)).isTrue();
		assertThat(written()).isEqualTo(": keep-alive\n\n");
	}

	@Test
	void theTimeUntilSilenceCountsFromTheLastWriteAndIsNeverZero() {
		assertThat(this.writer.nanosUntilSilent(HOUR)).isPositive().isLessThanOrEqualTo(HOUR);
		assertThat(this.writer.nanosUntilSilent(0)).isEqualTo(1);
	}

	@Test
	void aFailedWriteMeansTheClientIsGoneAndNothingIsWrittenAfter() {
		AtomicInteger attempts = new AtomicInteger();
		SseWriter broken = new SseWriter(new OutputStream() {

			@Override
			public void write(int b) throws IOException {
				attempts.incrementAndGet();
				throw new IOException("Broken pipe");
			}

		});
		assertThat(broken.event(new LoggedEvent(1, "start", "{}"))).isFalse();
		int afterFirst = attempts.get();
		assertThat(broken.event(new LoggedEvent(2, "delta", "{}"))).isFalse();
		assertThat(broken.keepAliveIfSilentFor(0)).isFalse();
		assertThat(broken.keepAliveIfSilentFor(HOUR)).isFalse();
		assertThat(attempts).hasValue(afterFirst);
	}

	@Test
	void aContainerThatThrowsAnUncheckedExceptionAlsoMeansTheClientIsGone() {
		SseWriter closed = new SseWriter(new OutputStream() {

			@Override
			public void write(int b) {
				throw new IllegalStateException("Response already closed");
			}

		});
		assertThat(closed.keepAliveIfSilentFor(0)).isFalse();
		assertThat(closed.event(new LoggedEvent(1, "start", "{}"))).isFalse();
	}

	private String written() {
		return this.out.toString(StandardCharsets.UTF_8);
	}

}
