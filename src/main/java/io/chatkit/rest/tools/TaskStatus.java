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

	/**
	 * The name in the API and in the {@code list_tasks} tool.
	 * @return the lower-case name
	 */
	String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	static TaskStatus parse(String value) {
		TaskStatus status = find(value);
		if (status == null) {
			throw new ApiException(ErrorCode.VALIDATION_FAILED, "status must be all, pending or completed");
		}
		return status;
	}

	/**
	 * The status with this name.
	 * @param value a lower-case name
	 * @return the status, {@code null} when none has that name
	 */
	static @Nullable TaskStatus find(String value) {
		for (TaskStatus status : values()) {
			if (status.wireName().equals(value)) {
				return status;
			}
		}
		return null;
	}

}
