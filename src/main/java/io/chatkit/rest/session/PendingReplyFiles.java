package io.chatkit.rest.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finished replies waiting for PostgreSQL while Redis cannot take them either: one file
 * per reply in a local directory, written whole or not at all, so that a restart of the
 * process finds them. Not a bean: {@link ReplyStoreRetry} owns it.
 */
final class PendingReplyFiles implements PendingReplies {

	private static final Logger logger = LoggerFactory.getLogger(PendingReplyFiles.class);

	private static final String SUFFIX = ".json";

	private final Path directory;

	PendingReplyFiles(Path directory) {
		this.directory = directory;
	}

	Path directory() {
		return this.directory;
	}

	@Override
	public boolean keep(String id, String json) {
		try {
			Files.createDirectories(this.directory);
			// a crash half-way leaves a temporary file, never a truncated write
			Path written = Files.writeString(Files.createTempFile(this.directory, id, ".tmp"), json,
					StandardCharsets.UTF_8);
			Files.move(written, file(id), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			return true;
		}
		catch (IOException ex) {
			logger.error("Cannot keep reply {} in {} ({})", id, this.directory, ex.getClass().getSimpleName());
			return false;
		}
	}

	@Override
	public Map<String, String> kept(int max) {
		Map<String, String> kept = new LinkedHashMap<>();
		if (!Files.isDirectory(this.directory)) {
			return kept;
		}
		try (Stream<Path> files = Files.list(this.directory)) {
			files.map((file) -> file.getFileName().toString())
				.filter((name) -> name.endsWith(SUFFIX))
				.limit(max)
				.forEach((name) -> {
					String id = name.substring(0, name.length() - SUFFIX.length());
					kept.put(id, read(file(id)));
				});
		}
		catch (IOException | UncheckedIOException ex) {
			logger.warn("Cannot read the replies kept in {} ({})", this.directory, ex.getClass().getSimpleName());
		}
		return kept;
	}

	@Override
	public void forget(String id) {
		try {
			Files.deleteIfExists(file(id));
		}
		catch (IOException ex) {
			logger.warn("Cannot forget reply {} in {} ({})", id, this.directory, ex.getClass().getSimpleName());
		}
	}

	private Path file(String id) {
		return this.directory.resolve(id + SUFFIX);
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
