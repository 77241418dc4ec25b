package io.chatkit.rest.console;

import io.chatkit.rest.session.MessagesProperties;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /console/config.json}: what the console may offer, so the page never probes
 * routes that do not exist. Public, like the page itself.
 */
@RestController
class ConsoleConfigController {

	private final ConsoleConfig config;

	ConsoleConfigController(ConsoleProperties properties, MessagesProperties messages) {
		this.config = new ConsoleConfig(properties.devSignIn(), messages.maxChars());
	}

	@GetMapping("/console/config.json")
	ConsoleConfig config() {
		return this.config;
	}

	/**
	 * The console's settings as the page reads them.
	 *
	 * @param devSignIn whether {@code GET /dev/token} exists
	 * @param messageMaxChars the longest message text the service accepts
	 * ({@code chatkit.messages.max-chars}), so the composer stops where the API would
	 * refuse
	 */
	record ConsoleConfig(boolean devSignIn, int messageMaxChars) {
	}

}
