/**
 * The dev launcher: the service with embedded defaults (PostgreSQL, a dev JWT secret and
 * {@code /dev/token}) so it runs on a fresh machine with nothing configured.
 */
package io.chatkit.rest.dev;
