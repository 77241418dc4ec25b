package io.chatkit.rest.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.chatkit.rest.session.ConversationStore.Outcome;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class LiveReplyTests {

	private final List<LoggedEvent> logged = new ArrayList<>();

	private int departures;

	private final LiveReply reply = new LiveReply(UUID.randomUUID(),
			JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build(),
			new LiveReply.Host() {
				@Override
				public void logged(LiveReply reply, LoggedEvent event) {
					LiveReplyTests.this.logged.add(event);
				}

				@Override
				public void lastClientLeft(LiveReply reply) {
					LiveReplyTests.this.departures++;
				}
			});

	@Test
	void eventsMadeBeforeTheStartWaitAndFollowIt() throws Exception {
		this.reply.event("delta", new ReplyEvents.Delta("Hi"));
		this.reply.event("delta", new ReplyEvents.Delta(" there"));
		assertThat(this.logged).isEmpty();
		assertThat(this.reply.subscribe(0).next(Duration.ofMillis(10))).isEmpty();
		start();
		assertThat(this.reply.awaitStart()).isTrue();
		this.reply.event("delta", new ReplyEvents.Delta("!"));
		assertThat(this.reply.subscribe(0).next(Duration.ofMillis(10))).extracting(LoggedEvent::id, LoggedEvent::name)
			.containsExactly(tuple(1L, "start"), tuple(2L, "delta"), tuple(3L, "delta"), tuple(4L, "delta"));
		assertThat(this.logged).extracting(LoggedEvent::id).containsExactly(1L, 2L, 3L, 4L);
	}

	@Test
	void anAbandonedReplyIsCancelledAndSendsNothing() throws Exception {
		List<String> aborted = new ArrayList<>();
		this.reply.onCancel(() -> aborted.add("upstream"));
		this.reply.event("delta", new ReplyEvents.Delta("Hi"));
		this.reply.abandon();
		assertThat(aborted).containsExactly("upstream");
		assertThat(this.reply.awaitStart()).isFalse();
		this.reply.finish(outcome(MessageStatus.PARTIAL));
		start();
		ReplySource late = this.reply.subscribe(0);
		assertThat(late.next(Duration.ofMillis(10))).isEmpty();
		assertThat(late.ended()).isTrue();
		assertThat(this.logged).isEmpty();
	}

	@Test
	void theLastEventWaitsUntilTheOutcomeIsStored() throws Exception {
		start();
		ReplySource client = this.reply.subscribe(1);
		this.reply.event("delta", new ReplyEvents.Delta("Hi"));
		this.reply.event("done", new ReplyEvents.Done(this.reply.id(), "stop", null, "openai/gpt-4o"));
		assertThat(client.next(Duration.ofMillis(10))).extracting(LoggedEvent::name).containsExactly("delta");
		assertThat(client.next(Duration.ofMillis(10))).isEmpty();
		assertThat(client.ended()).isFalse();
		this.reply.finish(outcome(MessageStatus.COMPLETE));
		assertThat(client.next(Duration.ofMillis(10))).extracting(LoggedEvent::id, LoggedEvent::name)
			.containsExactly(tuple(3L, "done"));
		assertThat(client.ended()).isTrue();
		assertThat(this.logged).extracting(LoggedEvent::name).containsExactly("start", "delta", "done");
	}

	@Test
	void aCancelledReplyEndsWithDoneCancelledAndRefusesLaterEvents() throws Exception {
		List<String> aborted = new ArrayList<>();
		this.reply.onCancel(() -> aborted.add("upstream"));
		start();
		this.reply.event("delta", new ReplyEvents.Delta("Hi"));
		assertThat(this.reply.cancel()).isTrue();
		assertThat(this.reply.cancel()).isFalse();
		assertThat(aborted).containsExactly("upstream");
		assertThat(this.reply.event("delta", new ReplyEvents.Delta(" there"))).isFalse();
		this.reply.finish(outcome(MessageStatus.PARTIAL));
		List<LoggedEvent> events = this.reply.subscribe(0).next(Duration.ofMillis(10));
		assertThat(events).extracting(LoggedEvent::name).containsExactly("start", "delta", "done");
		assertThat(events.get(2).data()).contains("\"finish_reason\":\"cancelled\"");
		assertThat(this.reply.cancel()).as("an ended reply is not cancelled again").isFalse();
	}

	@Test
	void readersFromALaterIdGetOnlyWhatFollowsAndTheLastDepartureIsReported() throws Exception {
		start();
		for (int i = 0; i < 4; i++) {
			this.reply.event("delta", new ReplyEvents.Delta("p" + i));
		}
		ReplySource first = this.reply.subscribe(3);
		ReplySource second = this.reply.subscribe(0);
		assertThat(first.next(Duration.ofMillis(10))).extracting(LoggedEvent::id).containsExactly(4L, 5L);
		assertThat(second.next(Duration.ofMillis(10))).hasSize(5);
		first.close();
		assertThat(this.departures).isZero();
		second.close();
		second.close();
		assertThat(this.departures).isEqualTo(1);
		ReplySource late = this.reply.subscribe(99);
		this.reply.finish(outcome(MessageStatus.PARTIAL));
		assertThat(late.next(Duration.ofMillis(10))).isEmpty();
		assertThat(late.ended()).isTrue();
	}

	private void start() {
		this.reply.start(new ReplyEvents.Start(UUID.randomUUID(), UUID.randomUUID(), this.reply.id(), "openai/gpt-4o"));
	}

	private static Outcome outcome(MessageStatus status) {
		return new Outcome("", status, null, null, null, List.of());
	}

}
