/**
 * Chat sessions, their messages and threads: the sessions API and the conversation
 * records behind it.
 */
package io.chatkit.rest.session;
