/**
 * What on-call sees: log format, metrics and error reporting.
 */
@NullMarked
package io.chatkit.rest.observability;

import org.jspecify.annotations.NullMarked;
