package io.chatkit.rest.session;

import java.util.List;

import io.chatkit.rest.llm.LlmMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContextWindowTests {

	private static final LlmMessage SYSTEM = LlmMessage.system("x".repeat(40));

	@Test
	void aContextWithinTheBoundIsSentWhole() {
		List<LlmMessage> messages = List.of(SYSTEM, LlmMessage.user("a".repeat(40)),
				LlmMessage.assistant("b".repeat(40)), LlmMessage.user("c".repeat(40)));
		assertThat(ContextWindow.bound(messages, 40)).isEqualTo(messages);
	}

	@Test
	void theOldestMessagesGoFirstAndTheSystemPromptStays() {
		LlmMessage newest = LlmMessage.user("c".repeat(40));
		LlmMessage middle = LlmMessage.assistant("b".repeat(40));
		List<LlmMessage> messages = List.of(SYSTEM, LlmMessage.user("a".repeat(40)), middle, newest);
		assertThat(ContextWindow.bound(messages, 30)).containsExactly(SYSTEM, middle, newest);
	}

	@Test
	void theNewestUserMessageIsKeptEvenWhenItAloneIsOverTheBound() {
		LlmMessage newest = LlmMessage.user("c".repeat(4000));
		List<LlmMessage> messages = List.of(SYSTEM, LlmMessage.assistant("b".repeat(40)), newest);
		assertThat(ContextWindow.bound(messages, 100)).containsExactly(SYSTEM, newest);
	}

	@Test
	void tokensAreEstimatedAsCharactersOverFour() {
		assertThat(ContextWindow.tokens(List.of(LlmMessage.user("abcdefgh"), LlmMessage.user("abc")))).isEqualTo(3);
	}

}
