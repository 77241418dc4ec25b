package io.chatkit.rest.ratelimit;

import java.math.BigDecimal;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Daily (UTC) cost budgets, unless the limits file says otherwise. Zero switches a budget
 * off.
 *
 * @param dailyUsd what the whole deployment may spend on replies per day, in USD
 * @param userDailyUsd what one user may spend on replies per day, in USD
 */
@Validated
@ConfigurationProperties("chatkit.budget")
record BudgetProperties(@DefaultValue("10") @NotNull @PositiveOrZero BigDecimal dailyUsd,
		@DefaultValue("0") @NotNull @PositiveOrZero BigDecimal userDailyUsd) {

}
