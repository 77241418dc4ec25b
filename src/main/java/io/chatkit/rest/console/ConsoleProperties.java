package io.chatkit.rest.console;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the browser console.
 *
 * @param devSignIn whether the console offers one-click sign-in through
 * {@code GET /dev/token}; only the dev launcher serves that route, so only it turns this
 * on
 */
@Validated
@ConfigurationProperties("chatkit.console")
record ConsoleProperties(@DefaultValue("false") boolean devSignIn) {

}
