/**
 * How the service reaches PostgreSQL: the {@code DATABASE_URL} forms it accepts and the
 * public {@code /health} check.
 */
package io.chatkit.rest.database;
