/**
 * The built-in to-do tools the model can call, each running against the calling user's
 * own tasks.
 */
package io.chatkit.rest.tools;
