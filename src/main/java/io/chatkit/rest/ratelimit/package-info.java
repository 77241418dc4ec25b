/**
 * Per-client request limits, daily cost budgets and the live-reloaded limits file that
 * tunes both, shared through Redis with an in-process fallback.
 */
package io.chatkit.rest.ratelimit;
