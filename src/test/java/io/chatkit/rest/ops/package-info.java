/**
 * Checks of the operations files with the real tools: promtool for alert rules,
 * actionlint for workflows.
 */
package io.chatkit.rest.ops;
