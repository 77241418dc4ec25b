package io.chatkit.rest.tools;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The built-in tools.
 *
 * @param enabled whether the model is offered the to-do tools at all
 */
@ConfigurationProperties("chatkit.tools")
record ToolsProperties(@DefaultValue("true") boolean enabled) {

}
