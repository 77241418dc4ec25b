package io.chatkit.rest.session;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where finished replies wait for PostgreSQL when Redis cannot take them either.
 *
 * @param pendingDir directory of one file per waiting reply (in a subdirectory named
 * after {@code chatkit.rate-limit.key-prefix}), which a restart of the process finds: the
 * chart mounts {@code /tmp} from an {@code emptyDir}, which outlives a container restart;
 * unset means {@code chatkit-pending-replies} in {@code java.io.tmpdir}
 */
@ConfigurationProperties("chatkit.replies")
record ReplyStoreProperties(@Nullable Path pendingDir) {

	ReplyStoreProperties {
		if (pendingDir == null) {
			pendingDir = Path.of(System.getProperty("java.io.tmpdir"), "chatkit-pending-replies");
		}
	}

}
