package io.chatkit.rest.ratelimit;

import java.math.BigDecimal;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Daily (UTC) cost budgets, unless the limits file says otherwise.
 *
 * @param dailyUsd what the whole deployment may spend on replies per day, in USD; 0 stops
 * every new reply (on-call's stop switch)
 * @param userDailyUsd what one user may spend on replies per day, in USD; 0 means no
 * per-user budget
 * @param replyReserveUsd the least each upstream round reserves against the budgets
 * before it starts (a priced model's worst case is reserved when it is larger)
 */
@Validated
@ConfigurationProperties("chatkit.budget")
record BudgetProperties(@DefaultValue("10") @NotNull @PositiveOrZero BigDecimal dailyUsd,
		@DefaultValue("0") @NotNull @PositiveOrZero BigDecimal userDailyUsd,
		@DefaultValue("0.02") @NotNull @PositiveOrZero BigDecimal replyReserveUsd) {

}
