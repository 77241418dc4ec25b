package io.chatkit.rest.session;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class PendingReplyFilesTests {

	@TempDir
	Path directory;

	@Test
	void aKeptReplyIsFoundByTheNextProcessUntilItIsForgotten() {
		assertThat(new PendingReplyFiles(this.directory.resolve("chatkit_")).keep("a1", "{\"n\":1}")).isTrue();

		PendingReplyFiles restarted = new PendingReplyFiles(this.directory.resolve("chatkit_"));
		assertThat(restarted.kept(10)).containsExactly(entry("a1", "{\"n\":1}"));

		restarted.forget("a1");
		assertThat(new PendingReplyFiles(this.directory.resolve("chatkit_")).kept(10)).isEmpty();
	}

	@Test
	void keepingAReplyAgainReplacesItsWrite() {
		PendingReplyFiles files = new PendingReplyFiles(this.directory);
		files.keep("a1", "first");
		files.keep("a1", "second");
		assertThat(files.kept(10)).containsExactly(entry("a1", "second"));
	}

	@Test
	void aWriteCutShortByACrashIsNotTakenForAReply() throws Exception {
		Files.writeString(this.directory.resolve("a1123.tmp"), "{\"trunc");
		assertThat(new PendingReplyFiles(this.directory).kept(10)).isEmpty();
	}

	@Test
	void atMostTheAskedNumberOfRepliesIsReturned() {
		PendingReplyFiles files = new PendingReplyFiles(this.directory);
		for (int i = 0; i < 5; i++) {
			files.keep("a" + i, "{}");
		}
		assertThat(files.kept(3)).hasSize(3);
	}

	@Test
	void aDirectoryNotYetMadeKeepsNothing() {
		assertThat(new PendingReplyFiles(this.directory.resolve("absent")).kept(10)).isEmpty();
	}

	@Test
	void aDirectoryThatCannotBeMadeRefusesTheReply() throws Exception {
		Path file = Files.writeString(this.directory.resolve("occupied"), "");
		assertThat(new PendingReplyFiles(file).keep("a1", "{}")).isFalse();
	}

}
