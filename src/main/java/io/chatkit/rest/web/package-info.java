/**
 * What every HTTP response shares: the success and error envelopes, error codes, request
 * ids and the request-size guard.
 */
@NullMarked
package io.chatkit.rest.web;

import org.jspecify.annotations.NullMarked;
