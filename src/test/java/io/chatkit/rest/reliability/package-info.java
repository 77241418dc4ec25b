/**
 * Reliability tests: load, injected faults, hostile input and capacity limits, with a
 * short profile in every build and a long one behind
 * {@code -Dchatkit.reliability.long=true}.
 */
package io.chatkit.rest.reliability;
