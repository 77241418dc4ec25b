package io.chatkit.rest.ratelimit;

import java.nio.file.Path;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the live-reloaded limits file is.
 *
 * @param file the Java properties file ({@code CHATKIT_LIMITS_FILE}) whose
 * {@code rate-limit.requests-per-minute}, {@code budget.daily-usd},
 * {@code budget.user-daily-usd} and {@code budget.reply-reserve-usd} override the
 * properties; a missing file changes nothing
 */
@Validated
@ConfigurationProperties("chatkit.limits")
record LimitsProperties(@DefaultValue("/etc/chatkit/limits/limits.properties") @NotNull Path file) {

}
