package io.chatkit.rest.web;

/**
 * A setting that stops start-up. The message names the key and never repeats a secret
 * value.
 */
public class InvalidConfigurationException extends IllegalStateException {

	private final String key;

	public InvalidConfigurationException(String key, String reason) {
		super(key + ": " + reason);
		this.key = key;
	}

	public String getKey() {
		return this.key;
	}

}
