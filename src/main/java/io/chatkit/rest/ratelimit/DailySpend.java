package io.chatkit.rest.ratelimit;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import io.lettuce.core.KeyValue;
import io.lettuce.core.api.sync.RedisCommands;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * What has been spent on replies today (UTC), deployment-wide and per user, as counters
 * in Redis keyed by the date that expire after two days. Today's deployment-wide spend is
 * cached for the metrics and refreshed in the background.
 */
@Component
class DailySpend {

	private static final long KEY_SECONDS = 2 * 24 * 60 * 60;

	private final RedisLink redis;

	private final String keyPrefix;

	private final Clock clock;

	private volatile double todayUsd;

	DailySpend(RedisLink redis, RateLimitProperties properties) {
		this.redis = redis;
		this.keyPrefix = properties.keyPrefix() + "budget:";
		this.clock = Clock.systemUTC();
	}

	/**
	 * Today's spend, read from Redis.
	 * @param userId the user whose spend is read too
	 * @return the spend, or {@code null} while Redis is not answering
	 */
	Spend read(String userId) {
		RedisCommands<String, byte[]> commands = this.redis.commands();
		if (commands == null) {
			return null;
		}
		try {
			List<KeyValue<String, byte[]>> values = commands.mget(deploymentKey(), userKey(userId));
			return new Spend(usd(values.get(0)), usd(values.get(1)));
		}
		catch (RuntimeException ex) {
			this.redis.failed(ex);
			return null;
		}
	}

	/**
	 * Adds the cost of a finished reply to today's counters.
	 * @param userId the user the reply was for
	 * @param costUsd what it cost
	 * @return whether Redis took it
	 */
	boolean add(String userId, BigDecimal costUsd) {
		RedisCommands<String, byte[]> commands = this.redis.commands();
		if (commands == null) {
			return false;
		}
		try {
			String deployment = deploymentKey();
			String user = userKey(userId);
			Double total = commands.incrbyfloat(deployment, costUsd.doubleValue());
			commands.expire(deployment, KEY_SECONDS);
			commands.incrbyfloat(user, costUsd.doubleValue());
			commands.expire(user, KEY_SECONDS);
			this.todayUsd = (total != null) ? total : this.todayUsd;
			return true;
		}
		catch (RuntimeException ex) {
			this.redis.failed(ex);
			return false;
		}
	}

	@Scheduled(initialDelay = 1000, fixedDelay = 10_000)
	void refresh() {
		RedisCommands<String, byte[]> commands = this.redis.commands();
		if (commands == null) {
			return;
		}
		try {
			byte[] value = commands.get(deploymentKey());
			this.todayUsd = (value != null) ? Double.parseDouble(new String(value, StandardCharsets.US_ASCII)) : 0;
		}
		catch (RuntimeException ex) {
			this.redis.failed(ex);
		}
	}

	/**
	 * Today's deployment-wide spend as last seen, for the metrics.
	 * @return USD spent today
	 */
	double todayUsd() {
		return this.todayUsd;
	}

	private String deploymentKey() {
		return this.keyPrefix + LocalDate.now(this.clock.withZone(ZoneOffset.UTC));
	}

	private String userKey(String userId) {
		return deploymentKey() + ":user:" + userId;
	}

	private static BigDecimal usd(KeyValue<String, byte[]> value) {
		return (value != null && value.hasValue())
				? new BigDecimal(new String(value.getValue(), StandardCharsets.US_ASCII)) : BigDecimal.ZERO;
	}

	/**
	 * Today's spend.
	 *
	 * @param deploymentUsd what the whole deployment spent
	 * @param userUsd what the user spent
	 */
	record Spend(BigDecimal deploymentUsd, BigDecimal userUsd) {
	}

}
