/**
 * Tests of the Kubernetes deployable: the Helm chart and the per-environment cluster
 * files.
 */
package io.chatkit.rest.deploy;
