/**
 * How the service reaches PostgreSQL: the {@code DATABASE_URL} forms it accepts and the
 * public {@code /health} check.
 */
@NullMarked
package io.chatkit.rest.database;

import org.jspecify.annotations.NullMarked;
