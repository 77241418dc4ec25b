package io.chatkit.rest.llm;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link CompletionStreamReader}: the SSE framing and the chunks of a streamed
 * chat completion as OpenRouter sends them.
 */
class CompletionStreamReaderTests {

	private final List<String> pieces = new ArrayList<>();

	private final AtomicInteger firstTokens = new AtomicInteger();

	private final AtomicInteger dataEvents = new AtomicInteger();

	private final List<String> generationIds = new ArrayList<>();

	private final CompletionStreamReader reader = new CompletionStreamReader(JsonMapper.builder().build(),
			new StreamListener() {

				@Override
				public void onFirstToken() {
					CompletionStreamReaderTests.this.firstTokens.incrementAndGet();
				}

				@Override
				public void onText(String text) {
					CompletionStreamReaderTests.this.pieces.add(text);
				}

			}, this.dataEvents::incrementAndGet, this.generationIds::add);

	@Test
	void textReachesTheListenerPieceByPieceAndTheFirstTokenOnce() throws Exception {
		boolean complete = read(text("Hel") + text("lo") + finish("stop") + "data: [DONE]\n\n");
		assertThat(complete).isTrue();
		assertThat(this.pieces).containsExactly("Hel", "lo");
		assertThat(this.reader.text()).isEqualTo("Hello");
		assertThat(this.firstTokens).hasValue(1);
		assertThat(this.reader.finishReason()).isEqualTo("stop");
	}

	@Test
	void linesSplitAcrossReadsAreJoinedEvenInsideAMultiByteCharacter() throws Exception {
		String stream = text("Grüße ") + text("😀 naïve") + "data: [DONE]\n\n";
		boolean complete = this.reader.read(trickle(stream, 1));
		assertThat(complete).isTrue();
		assertThat(this.reader.text()).isEqualTo("Grüße 😀 naïve");
		assertThat(this.pieces).containsExactly("Grüße ", "😀 naïve");
	}

	@Test
	void nothingAfterDoneIsRead() throws Exception {
		boolean complete = read(text("kept") + "data: [DONE]\n\n" + text("ignored"));
		assertThat(complete).isTrue();
		assertThat(this.reader.text()).isEqualTo("kept");
		assertThat(this.dataEvents).hasValue(2);
	}

	@Test
	void commentsAndKeepAlivesAreSkippedWithoutCountingAsData() throws Exception {
		read(": OPENROUTER PROCESSING\n\n" + text("a") + ": keep-alive\n\n" + "event: message\n" + text("b")
				+ "data: [DONE]\n\n");
		assertThat(this.reader.text()).isEqualTo("ab");
		assertThat(this.dataEvents).hasValue(3);
	}

	@Test
	void crlfAndBareCrEndLinesLikeLf() throws Exception {
		read("data: {\"choices\":[{\"delta\":{\"content\":\"one\"}}]}\r\n\r\n"
				+ "data: {\"choices\":[{\"delta\":{\"content\":\" two\"}}]}\r\r" + "data: [DONE]\r\n\r\n");
		assertThat(this.pieces).containsExactly("one", " two");
	}

	@Test
	void dataWithoutTheSpaceAfterTheColonIsRead() throws Exception {
		read("data:{\"choices\":[{\"delta\":{\"content\":\"tight\"}}]}\n\ndata:[DONE]\n\n");
		assertThat(this.reader.text()).isEqualTo("tight");
	}

	@Test
	void dataLinesOfOneEventAreJoinedIntoOneChunk() throws Exception {
		read("data: {\"choices\":[{\"delta\":\ndata: {\"content\":\"joined\"}}]}\n\ndata: [DONE]\n\n");
		assertThat(this.reader.text()).isEqualTo("joined");
		assertThat(this.dataEvents).hasValue(2);
	}

	@Test
	void aLastEventWithoutItsBlankLineStillCounts() throws Exception {
		boolean complete = read(text("end") + "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"length\"}]}");
		assertThat(complete).isTrue();
		assertThat(this.reader.finishReason()).isEqualTo("length");
	}

	@Test
	void aStreamCutBeforeDoneOrAFinishReasonIsIncomplete() throws Exception {
		boolean complete = read(text("half a rep"));
		assertThat(complete).isFalse();
		assertThat(this.reader.text()).isEqualTo("half a rep");
	}

	@Test
	void withoutAFinishReasonTheReasonIsStopOrToolCalls() throws Exception {
		read(text("hi") + "data: [DONE]\n\n");
		assertThat(this.reader.finishReason()).isEqualTo("stop");
		CompletionStreamReader tools = new CompletionStreamReader(JsonMapper.builder().build(), (piece) -> {
		}, () -> {
		});
		tools.read(stream(
				toolCall("{\"index\":0,\"id\":\"c1\",\"function\":{\"name\":\"list_tasks\"}}") + "data: [DONE]\n\n"));
		assertThat(tools.finishReason()).isEqualTo("tool_calls");
	}

	@Test
	void toolCallDeltasAcrossChunksBecomeWholeCalls() throws Exception {
		read(toolCall("{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"add_task\","
				+ "\"arguments\":\"\"}}") + toolCall("{\"index\":0,\"function\":{\"arguments\":\"{\\\"title\\\":\"}}")
				+ toolCall("{\"index\":1,\"id\":\"call_2\",\"function\":{\"name\":\"list_tasks\"}}")
				+ toolCall("{\"index\":0,\"function\":{\"arguments\":\"\\\"Milch 🥛\\\"}\"}}") + finish("tool_calls")
				+ "data: [DONE]\n\n");
		assertThat(this.reader.toolCalls().calls()).containsExactly(
				new LlmToolCall("call_1", "add_task", "{\"title\":\"Milch 🥛\"}"),
				new LlmToolCall("call_2", "list_tasks", "{}"));
		assertThat(this.reader.finishReason()).isEqualTo("tool_calls");
		assertThat(this.firstTokens).hasValue(1);
		assertThat(this.pieces).isEmpty();
	}

	@Test
	void usageTheAnsweringModelAndTheGenerationIdAreCollected() throws Exception {
		read("data: {\"id\":\"gen-1\",\"model\":\"anthropic/claude-3.5-sonnet\","
				+ "\"choices\":[{\"delta\":{\"content\":\"x\"}}]}\n\n"
				+ "data: {\"id\":\"gen-1\",\"model\":\"openai/gpt-4o\",\"choices\":[],"
				+ "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,\"cost\":0.0004}}\n\n" + "data: [DONE]\n\n");
		assertThat(this.reader.model()).isEqualTo("anthropic/claude-3.5-sonnet");
		assertThat(this.reader.usage().path("prompt_tokens").intValue()).isEqualTo(12);
		assertThat(this.reader.usage().path("cost").decimalValue()).isEqualByComparingTo("0.0004");
		assertThat(this.generationIds).containsExactly("gen-1", "gen-1");
	}

	@Test
	void aBlankModelNamesNoModel() throws Exception {
		read("data: {\"model\":\" \",\"choices\":[{\"delta\":{\"content\":\"x\"}}]}\n\ndata: [DONE]\n\n");
		assertThat(this.reader.model()).isNull();
	}

	@Test
	void aMalformedChunkIsAnUpstreamError() {
		assertThatExceptionOfType(UpstreamException.class).isThrownBy(() -> read(text("ok") + "data: {not json\n\n"))
			.withMessage("The model provider sent a malformed chunk")
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo(UpstreamError.UPSTREAM_ERROR));
		assertThat(this.reader.text()).isEqualTo("ok");
	}

	@Test
	void anErrorObjectMidStreamFailsTheReplyNamingTheProvidersMessage() {
		assertThatExceptionOfType(UpstreamException.class)
			.isThrownBy(() -> read(text("partial")
					+ "data: {\"error\":{\"message\":\"Provider overloaded\",\"code\":502},\"choices\":[]}\n\n"))
			.withMessage("The model provider failed mid-reply: Provider overloaded (code 502)");
	}

	@Test
	void anErrorFinishReasonFailsTheReply() {
		assertThatExceptionOfType(UpstreamException.class).isThrownBy(() -> read(finish("error")))
			.withMessage("The model provider failed mid-reply");
	}

	@Test
	void aLineLongerThanTheLimitIsRefusedBeforeItFillsTheHeap() {
		String huge = "data: " + "x".repeat(CompletionStreamReader.MAX_EVENT_CHARS + 1) + "\n\n";
		assertThatExceptionOfType(UpstreamException.class).isThrownBy(() -> read(huge))
			.withMessage("The model provider sent an oversized chunk");
	}

	@Test
	void anEventOfManyShortLinesLongerThanTheLimitIsRefused() {
		String line = "data: " + "y".repeat(1000) + "\n";
		String event = line.repeat(CompletionStreamReader.MAX_EVENT_CHARS / 1000 + 1) + "\n";
		assertThatExceptionOfType(UpstreamException.class).isThrownBy(() -> read(event))
			.withMessage("The model provider sent an oversized chunk");
	}

	private boolean read(String stream) throws IOException, UpstreamException {
		return this.reader.read(stream(stream));
	}

	private static InputStream stream(String stream) {
		return new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * A body that hands out at most {@code size} bytes a read, as a slow network does.
	 */
	private static InputStream trickle(String stream, int size) {
		return new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)) {

			@Override
			public synchronized int read(byte[] buffer, int offset, int length) {
				return super.read(buffer, offset, Math.min(length, size));
			}

		};
	}

	private static String text(String content) {
		return "data: {\"choices\":[{\"delta\":{\"content\":\"" + content + "\"}}]}\n\n";
	}

	private static String toolCall(String fragment) {
		return "data: {\"choices\":[{\"delta\":{\"tool_calls\":[" + fragment + "]}}]}\n\n";
	}

	private static String finish(String reason) {
		return "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"" + reason + "\"}]}\n\n";
	}

}
