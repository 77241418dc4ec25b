/**
 * The built-in to-do tools the model can call, each running against the calling user's
 * own tasks.
 */
@NullMarked
package io.chatkit.rest.tools;

import org.jspecify.annotations.NullMarked;
