package io.chatkit.rest.ratelimit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalBucketsTests {

	private static final int BOUND = 1_000;

	private static final int RATE = 30;

	private final LocalBuckets buckets = new LocalBuckets(BOUND);

	@Test
	void aClientTakesOneTokenPerRequestUntilItsMinuteIsSpent() {
		for (int i = 0; i < RATE; i++) {
			assertThat(this.buckets.take("203.0.113.7", RATE, 1).allowed()).isTrue();
		}
		assertThat(this.buckets.take("203.0.113.7", RATE, 1).allowed()).isFalse();
		assertThat(this.buckets.take("203.0.113.8", RATE, 1).allowed()).isTrue();
	}

	@Test
	void aFloodOfMoreClientsThanTheBoundLeavesALimitedClientLimitedAndTheSizeBounded() {
		flood("early", BOUND * 6 / 10);
		for (int i = 0; i < RATE; i++) {
			this.buckets.take("limited", RATE, 1);
		}
		assertThat(this.buckets.take("limited", RATE, 1).allowed()).isFalse();
		for (int round = 0; round < 50; round++) {
			flood("flood-" + round + "-", 100);
			assertThat(this.buckets.take("limited", RATE, 1).allowed()).isFalse();
			assertThat(this.buckets.size()).isLessThanOrEqualTo(BOUND);
		}
		assertThat(this.buckets.size()).isBetween((long) BOUND / 2, (long) BOUND);
	}

	private void flood(String prefix, int clients) {
		for (int i = 0; i < clients; i++) {
			assertThat(this.buckets.take(prefix + i, RATE, 1).allowed()).isTrue();
		}
	}

}
