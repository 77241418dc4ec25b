/**
 * chatkit-rest: a chat backend whose features live in one sub-@NullMarked package each.
 *
 * import org.jspecify.annotations.NullMarked;
 */
package io.chatkit.rest;
