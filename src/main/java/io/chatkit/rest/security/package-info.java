/**
 * Who may call the API: JWT bearer authentication (HS256 secret or JWKS) and the CORS
 * policy.
 */
@NullMarked
package io.chatkit.rest.security;

import org.jspecify.annotations.NullMarked;
