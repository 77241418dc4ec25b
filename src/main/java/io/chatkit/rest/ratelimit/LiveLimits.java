package io.chatkit.rest.ratelimit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The limits in force: the configured ones, overridden by the limits file, which is
 * polled by content so that Kubernetes' {@code ..data} symlink swap of a mounted
 * ConfigMap is seen like any other edit.
 */
@Component
class LiveLimits {

	private static final Logger logger = LoggerFactory.getLogger(LiveLimits.class);

	private final Path file;

	private final Limits configured;

	private final Clock clock;

	private volatile Current current;

	private byte @Nullable [] lastContent;

	private boolean firstRead = true;

	LiveLimits(LimitsProperties properties, RateLimitProperties rateLimit, BudgetProperties budget, Clock clock) {
		this.file = properties.file();
		this.clock = clock;
		this.configured = Limits.of(rateLimit, budget);
		this.current = new Current(this.configured, this.clock.millis());
		reload();
	}

	/**
	 * The limits in force now.
	 * @return the limits
	 */
	Limits limits() {
		return this.current.limits();
	}

	/**
	 * When the request rate in force was applied, in epoch milliseconds. Replicas compare
	 * it to decide whose bucket configuration is newer.
	 * @return the version of the request rate
	 */
	long rateVersion() {
		return this.current.rateVersion();
	}

	@Scheduled(initialDelay = 2000, fixedDelay = 2000)
	synchronized void reload() {
		byte[] content = read();
		if (Arrays.equals(content, this.lastContent) && !this.firstRead) {
			return;
		}
		this.lastContent = content;
		if (content == null && !this.firstRead) {
			logger.info("Limits file {} is gone: using the configured limits", this.file);
		}
		this.firstRead = false;
		Limits inForce = this.current.limits();
		LimitsFile.Result result = LimitsFile
			.read((content != null) ? new String(content, StandardCharsets.UTF_8) : null, this.configured, inForce);
		result.warnings()
			.forEach((warning) -> logger.warn("Ignoring a bad value in limits file {}: {}", this.file, warning));
		apply(result.limits());
	}

	private void apply(Limits next) {
		Current before = this.current;
		if (next.sameAs(before.limits())) {
			return;
		}
		long version = (next.requestsPerMinute() != before.limits().requestsPerMinute())
				? Math.max(this.clock.millis(), before.rateVersion() + 1) : before.rateVersion();
		this.current = new Current(next, version);
		logger.info(
				"Limits now in force: {} requests per minute, daily budget {} USD, per-user daily budget {} USD, "
						+ "reservation per round {} USD",
				next.requestsPerMinute(), next.dailyUsd().toPlainString(), next.userDailyUsd().toPlainString(),
				next.replyReserveUsd().toPlainString());
	}

	private byte @Nullable [] read() {
		try {
			return Files.readAllBytes(this.file);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		catch (IOException ex) {
			logger.warn("Cannot read limits file {}: {}", this.file, ex.getMessage());
			return this.lastContent;
		}
	}

	private record Current(Limits limits, long rateVersion) {
	}

}
