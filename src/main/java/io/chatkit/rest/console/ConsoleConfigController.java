package io.chatkit.rest.console;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /console/config.json}: what the console may offer, so the page never probes
 * routes that do not exist. Public, like the page itself.
 */
@RestController
class ConsoleConfigController {

	private final ConsoleConfig config;

	ConsoleConfigController(ConsoleProperties properties) {
		this.config = new ConsoleConfig(properties.devSignIn());
	}

	@GetMapping("/console/config.json")
	ConsoleConfig config() {
		return this.config;
	}

	/**
	 * The console's settings as the page reads them.
	 *
	 * @param devSignIn whether {@code GET /dev/token} exists
	 */
	record ConsoleConfig(boolean devSignIn) {
	}

}
