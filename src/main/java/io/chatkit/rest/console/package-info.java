/**
 * The browser console served at {@code /}: its public settings endpoint and the security
 * headers of its pages.
 */
@NullMarked
package io.chatkit.rest.console;

import org.jspecify.annotations.NullMarked;
