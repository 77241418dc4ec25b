/**
 * What every HTTP response shares: the success and error envelopes, error codes, request
 * ids and the request-size guard.
 */
package io.chatkit.rest.web;
