/**
 * What the tests share: the real PostgreSQL and Redis they run against, and token
 * minting.
 */
package io.chatkit.rest.support;
