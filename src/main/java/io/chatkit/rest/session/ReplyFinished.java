package io.chatkit.rest.session;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * Published once an assistant reply has been stored, whatever its outcome.
 *
 * @param userId the user the reply was for
 * @param sessionId the session holding the reply
 * @param assistantMessageId the stored assistant message
 * @param model the model that answered, {@code null} when none did
 * @param status the stored status: {@code complete}, {@code partial} or {@code error}
 * @param costUsd what the reply cost in USD, {@code null} when unknown
 * @param promptTokens prompt tokens over all upstream rounds, {@code null} when unknown
 * @param completionTokens completion tokens over all upstream rounds, {@code null} when
 * unknown
 */
public record ReplyFinished(String userId, UUID sessionId, UUID assistantMessageId, String model, String status,
		BigDecimal costUsd, Integer promptTokens, Integer completionTokens) {
}
