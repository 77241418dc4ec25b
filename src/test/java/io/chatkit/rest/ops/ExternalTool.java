package io.chatkit.rest.ops;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command-line tool from the repository root and captures what it printed.
 */
final class ExternalTool {

	private ExternalTool() {
	}

	static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).directory(new File(".")).redirectErrorStream(true).start();
		boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
		if (!finished) {
			process.destroyForcibly();
			return new Result(-1, "timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
		}
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		return new Result(process.exitValue(), output);
	}

	static String require(String executable, String installHint) {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			File candidate = new File(dir, executable);
			if (candidate.canExecute()) {
				return candidate.getAbsolutePath();
			}
		}
		throw new IllegalStateException(executable + " is not installed: " + installHint);
	}

	record Result(int exitCode, String output) {
	}

}
