/**
 * The browser console served at {@code /}: its public settings endpoint and the security
 * headers of its pages.
 */
package io.chatkit.rest.console;
