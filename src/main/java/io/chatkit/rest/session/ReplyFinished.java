package io.chatkit.rest.session;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * Published once a reply's outcome is stored, for budgets and metrics.
 *
 * @param userId the sender of the message
 * @param sessionId the session
 * @param assistantMessageId the stored assistant message
 * @param model the model asked
 * @param status {@code complete}, {@code partial} or {@code error}
 * @param costUsd cost over all rounds in US dollars, {@code null} when unknown
 * @param promptTokens prompt tokens over all rounds, {@code null} when unknown
 * @param completionTokens completion tokens over all rounds, {@code null} when unknown
 */
public record ReplyFinished(String userId, UUID sessionId, UUID assistantMessageId, String model, String status,
		BigDecimal costUsd, Integer promptTokens, Integer completionTokens) {

}
