package io.chatkit.rest.session;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on what a user may send (public: the console tells the page the limit).
 *
 * @param maxChars most characters of a message's text after trimming
 */
@Validated
@ConfigurationProperties("chatkit.messages")
public record MessagesProperties(@DefaultValue("4000") @Min(1) @Max(60000) int maxChars) {

}
