/**
 * chatkit-rest: a chat backend whose features live in one sub-package each.
 */
package io.chatkit.rest;
