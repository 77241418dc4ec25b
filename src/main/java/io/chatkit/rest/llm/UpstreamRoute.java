package io.chatkit.rest.llm;

/**
 * Which upstream served a round: the {@code upstream} label of the reply metrics.
 */
public enum UpstreamRoute {

	PRIMARY("primary"),

	SECONDARY("secondary");

	private final String label;

	UpstreamRoute(String label) {
		this.label = label;
	}

	public String label() {
		return this.label;
	}

}
