package io.chatkit.rest.ratelimit;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Reads the limits file: Java properties whose values override the configured limits. A
 * key that is absent falls back to the configured value; a key with a bad value keeps the
 * value in force and yields a warning naming the key.
 */
final class LimitsFile {

	static final String REQUESTS_PER_MINUTE = "rate-limit.requests-per-minute";

	static final String DAILY_USD = "budget.daily-usd";

	static final String USER_DAILY_USD = "budget.user-daily-usd";

	static final String REPLY_RESERVE_USD = "budget.reply-reserve-usd";

	private LimitsFile() {
	}

	/**
	 * Works out the limits a file's content asks for.
	 * @param content the file's text, {@code null} when there is no file
	 * @param configured the limits from the properties
	 * @param inForce the limits in force now
	 * @return the limits to apply and a warning per bad value
	 */
	static Result read(String content, Limits configured, Limits inForce) {
		if (content == null) {
			return new Result(configured, List.of());
		}
		Properties properties = new Properties();
		List<String> warnings = new ArrayList<>();
		try {
			properties.load(new StringReader(content));
		}
		catch (IOException | IllegalArgumentException ex) {
			return new Result(inForce, List.of("the file is not a valid properties file"));
		}
		int rate = rate(properties.getProperty(REQUESTS_PER_MINUTE), configured.requestsPerMinute(),
				inForce.requestsPerMinute(), warnings);
		BigDecimal daily = usd(DAILY_USD, properties.getProperty(DAILY_USD), configured.dailyUsd(), inForce.dailyUsd(),
				warnings);
		BigDecimal userDaily = usd(USER_DAILY_USD, properties.getProperty(USER_DAILY_USD), configured.userDailyUsd(),
				inForce.userDailyUsd(), warnings);
		BigDecimal reserve = usd(REPLY_RESERVE_USD, properties.getProperty(REPLY_RESERVE_USD),
				configured.replyReserveUsd(), inForce.replyReserveUsd(), warnings);
		return new Result(new Limits(rate, daily, userDaily, reserve), List.copyOf(warnings));
	}

	private static int rate(String value, int configured, int inForce, List<String> warnings) {
		if (value == null || value.isBlank()) {
			return configured;
		}
		try {
			int rate = Integer.parseInt(value.strip());
			if (rate > 0) {
				return rate;
			}
		}
		catch (NumberFormatException ex) {
			// reported below, like a rate that is not positive
		}
		warnings.add(REQUESTS_PER_MINUTE + " must be a whole number above 0, keeping " + inForce);
		return inForce;
	}

	private static BigDecimal usd(String key, String value, BigDecimal configured, BigDecimal inForce,
			List<String> warnings) {
		if (value == null || value.isBlank()) {
			return configured;
		}
		try {
			BigDecimal usd = new BigDecimal(value.strip());
			if (usd.signum() >= 0) {
				return usd;
			}
		}
		catch (NumberFormatException ex) {
			// reported below, like a negative amount
		}
		warnings.add(key + " must be a number of USD, 0 or more, keeping " + inForce.toPlainString());
		return inForce;
	}

	/**
	 * What a limits file asks for.
	 *
	 * @param limits the limits to apply
	 * @param warnings one line per bad value, naming its key
	 */
	record Result(Limits limits, List<String> warnings) {
	}

}
