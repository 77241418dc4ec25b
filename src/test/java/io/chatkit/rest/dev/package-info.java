/**
 * Running the service on a developer machine, including the offline demo model that
 * answers when no upstream key is set.
 */
package io.chatkit.rest.dev;
