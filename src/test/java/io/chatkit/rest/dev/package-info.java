/**
 * The dev launcher: the service with embedded defaults (PostgreSQL, a dev JWT secret,
 * {@code /dev/token} and the offline demo model that answers when no upstream key is set)
 * so it runs on a fresh machine with nothing configured.
 */
package io.chatkit.rest.dev;
