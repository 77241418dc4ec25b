package io.chatkit.rest.tools;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The built-in tools.
 *
 * @param enabled whether the model is offered the to-do tools at all
 * @param maxCallsPerRound most tool calls of one round that run; the others get an error
 * result, so one round cannot run a thousand writes
 * @param maxResultChars longest tool result, as compact JSON with its marker; longer ones
 * are cut and marked {@code "truncated": true}
 */
@Validated
@ConfigurationProperties("chatkit.tools")
record ToolsProperties(@DefaultValue("true") boolean enabled, @DefaultValue("16") @Min(1) int maxCallsPerRound,
		@DefaultValue("16000") @Min(200) int maxResultChars) {

}
