package io.chatkit.rest.session;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on open reply streams and how long a reply outlives its clients.
 *
 * @param max most reply streams open at once on one instance; beyond it new messages get
 * 503 {@code service_unavailable}
 * @param keepAlive silence after which a {@code : keep-alive} comment is sent
 * @param maxPerUser most replies one user may have running at once; beyond it the user's
 * new messages get 429 {@code too_many_streams}, so one user cannot take every slot
 * @param detachGrace how long a reply goes on generating once its last client went away,
 * so that a client can re-attach; {@code 0s} cancels it at once
 * @param replayRetention how long a reply's event log is kept for re-attaching after the
 * reply ended
 */
@Validated
@ConfigurationProperties("chatkit.streams")
record StreamsProperties(@DefaultValue("2000") @Min(1) int max, @DefaultValue("15s") @NotNull Duration keepAlive,
		@DefaultValue("16") @Min(1) int maxPerUser, @DefaultValue("30s") @NotNull Duration detachGrace,
		@DefaultValue("10m") @NotNull Duration replayRetention) {

}
