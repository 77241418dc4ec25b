/**
 * What on-call sees: log format, metrics and error reporting.
 */
package io.chatkit.rest.observability;
