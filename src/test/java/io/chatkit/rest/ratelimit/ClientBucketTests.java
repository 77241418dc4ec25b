package io.chatkit.rest.ratelimit;

import io.github.bucket4j.Bucket;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientBucketTests {

	private static Bucket bucket(int rate, long version) {
		return Bucket.builder().addLimit(ClientBucket.configuration(rate, version).getBandwidths()[0]).build();
	}

	@Test
	void eachRequestTakesOneTokenUntilNoneIsLeft() {
		Bucket bucket = bucket(3, 1);
		assertThat(ClientBucket.take(bucket, 3, 1).remaining()).isEqualTo(2);
		assertThat(ClientBucket.take(bucket, 3, 1).remaining()).isEqualTo(1);
		Decision last = ClientBucket.take(bucket, 3, 1);
		assertThat(last.allowed()).isTrue();
		assertThat(last.remaining()).isZero();
		assertThat(last.resetSeconds()).isBetween(59L, 60L);
		Decision refused = ClientBucket.take(bucket, 3, 1);
		assertThat(refused.allowed()).isFalse();
		assertThat(refused.limit()).isEqualTo(3);
		assertThat(refused.retryAfterSeconds()).isBetween(19L, 20L);
	}

	@Test
	void loweringTheRateKeepsWhatWasSpentSpent() {
		Bucket bucket = bucket(30, 1);
		for (int i = 0; i < 10; i++) {
			ClientBucket.take(bucket, 30, 1);
		}
		Decision decision = ClientBucket.take(bucket, 15, 2);
		assertThat(decision.limit()).isEqualTo(15);
		assertThat(decision.remaining()).isLessThanOrEqualTo(4);
		for (int i = 0; i < decision.remaining(); i++) {
			assertThat(ClientBucket.take(bucket, 15, 2).allowed()).isTrue();
		}
		assertThat(ClientBucket.take(bucket, 15, 2).allowed()).isFalse();
	}

	@Test
	void raisingTheRateAddsTheDifference() {
		Bucket bucket = bucket(10, 1);
		for (int i = 0; i < 10; i++) {
			ClientBucket.take(bucket, 10, 1);
		}
		Decision decision = ClientBucket.take(bucket, 30, 2);
		assertThat(decision.limit()).isEqualTo(30);
		assertThat(decision.remaining()).isBetween(19L, 20L);
	}

	@Test
	void aReplicaWithAnOlderRateUsesTheNewerOneStored() {
		Bucket bucket = bucket(15, 5);
		Decision decision = ClientBucket.take(bucket, 30, 4);
		assertThat(decision.limit()).isEqualTo(15);
		assertThat(decision.remaining()).isEqualTo(14);
	}

}
