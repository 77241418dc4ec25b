/**
 * Who may call the API: JWT bearer authentication (HS256 secret or JWKS) and the CORS
 * policy.
 */
package io.chatkit.rest.security;
