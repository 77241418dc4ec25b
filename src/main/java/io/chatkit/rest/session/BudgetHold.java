package io.chatkit.rest.session;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One round's reservation against the daily budgets.
 *
 * @param id unique id of the reservation
 * @param userId the user it counts against
 * @param day the UTC day whose spend it is charged to
 * @param amountUsd what is reserved
 * @param local whether it was made while the shared store was unreachable
 */
public record BudgetHold(String id, String userId, LocalDate day, BigDecimal amountUsd, boolean local) {

}
