package io.chatkit.rest.tools;

import java.util.Locale;

import io.chatkit.rest.web.ApiException;
import io.chatkit.rest.web.ErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * Which tasks a listing shows: the {@code status} of {@code GET /tasks}.
 */
enum TaskStatus {

	ALL, PENDING, COMPLETED;

	/**
	 * The {@code completed} value a row must have, {@code null} for any.
	 */
	@Nullable Boolean completed() {
		return switch (this) {
			case ALL -> null;
			case PENDING -> Boolean.FALSE;
			case COMPLETED -> Boolean.TRUE;
		};
	}

	static TaskStatus parse(String value) {
		for (TaskStatus status : values()) {
			if (status.name().toLowerCase(Locale.ROOT).equals(value)) {
				return status;
			}
		}
		throw new ApiException(ErrorCode.VALIDATION_FAILED, "status must be all, pending or completed");
	}

}
