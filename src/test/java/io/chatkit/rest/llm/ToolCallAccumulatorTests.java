package io.chatkit.rest.llm;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ToolCallAccumulator}: {@code delta.tool_calls} fragments joined into
 * whole calls.
 */
class ToolCallAccumulatorTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final ToolCallAccumulator calls = new ToolCallAccumulator();

	@Test
	void nothingAddedIsEmpty() {
		assertThat(this.calls.isEmpty()).isTrue();
		assertThat(this.calls.calls()).isEmpty();
	}

	@Test
	void argumentsOfOneIndexAreAppendedInArrivalOrder() {
		add("{\"index\":0,\"id\":\"call_1\",\"function\":{\"name\":\"add_task\",\"arguments\":\"{\\\"ti\"}}");
		add("{\"index\":0,\"function\":{\"arguments\":\"tle\\\":\\\"Brot\"}}");
		add("{\"index\":0,\"function\":{\"arguments\":\"\\\"}\"}}");
		assertThat(this.calls.isEmpty()).isFalse();
		assertThat(this.calls.calls()).containsExactly(new LlmToolCall("call_1", "add_task", "{\"title\":\"Brot\"}"));
	}

	@Test
	void interleavedCallsAreKeptApartAndListedByIndex() {
		add("{\"index\":1,\"id\":\"call_b\",\"function\":{\"name\":\"list_tasks\",\"arguments\":\"{}\"}}");
		add("{\"index\":0,\"id\":\"call_a\",\"function\":{\"name\":\"add_task\",\"arguments\":\"{\\\"title\\\":\"}}");
		add("{\"index\":1,\"function\":{\"arguments\":\"\"}}");
		add("{\"index\":0,\"function\":{\"arguments\":\"\\\"日本語\\\"}\"}}");
		assertThat(this.calls.calls()).containsExactly(new LlmToolCall("call_a", "add_task", "{\"title\":\"日本語\"}"),
				new LlmToolCall("call_b", "list_tasks", "{}"));
	}

	@Test
	void aResentIdOrNameDoesNotReplaceOrDoubleTheFirst() {
		add("{\"index\":0,\"id\":\"call_1\",\"function\":{\"name\":\"add_task\",\"arguments\":\"{\"}}");
		add("{\"index\":0,\"id\":\"call_2\",\"function\":{\"name\":\"delete_task\",\"arguments\":\"}\"}}");
		assertThat(this.calls.calls()).containsExactly(new LlmToolCall("call_1", "add_task", "{}"));
	}

	@Test
	void anEmptyIdOrNameWaitsForALaterFragmentToNameIt() {
		add("{\"index\":0,\"id\":\"\",\"function\":{\"name\":\"\"}}");
		add("{\"index\":0,\"id\":\"call_9\",\"function\":{\"name\":\"list_tasks\"}}");
		assertThat(this.calls.calls()).containsExactly(new LlmToolCall("call_9", "list_tasks", "{}"));
	}

	@Test
	void fragmentsWithoutAnIndexEachStartTheNextCall() {
		add("{\"id\":\"call_a\",\"function\":{\"name\":\"add_task\"}}");
		add("{\"id\":\"call_b\",\"function\":{\"name\":\"list_tasks\"}}");
		assertThat(this.calls.calls()).extracting(LlmToolCall::id).containsExactly("call_a", "call_b");
	}

	@Test
	void aCallWithoutNameOrArgumentsGetsAnEmptyNameAndAnEmptyObject() {
		add("{\"index\":0,\"id\":\"call_x\"}");
		assertThat(this.calls.calls()).containsExactly(new LlmToolCall("call_x", "", "{}"));
	}

	@Test
	void malformedArgumentsAreKeptAsTheModelWroteThem() {
		add("{\"index\":0,\"id\":\"call_1\",\"function\":{\"name\":\"add_task\",\"arguments\":\"{\\\"title\\\":\"}}");
		assertThat(this.calls.calls()).containsExactly(new LlmToolCall("call_1", "add_task", "{\"title\":"));
	}

	private void add(String fragment) {
		this.calls.add(this.json.readTree(fragment));
	}

}
