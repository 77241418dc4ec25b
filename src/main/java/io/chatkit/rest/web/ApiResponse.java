package io.chatkit.rest.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * The success envelope: {@code {"success": true, "data": …}}, with {@code meta} on list
 * endpoints.
 *
 * @param <T> the payload type
 * @param success always {@code true}
 * @param data the payload
 * @param meta paging information, only on list endpoints
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record ApiResponse<T>(boolean success, T data, @Nullable Meta meta) {

	public static <T> ApiResponse<T> of(T data) {
		return new ApiResponse<>(true, data, null);
	}

	public static <T> ApiResponse<T> page(T data, @Nullable String nextCursor) {
		return new ApiResponse<>(true, data, new Meta(nextCursor));
	}

	/**
	 * Paging information.
	 *
	 * @param nextCursor the cursor of the next page, {@code null} on the last page
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	public record Meta(@Nullable String nextCursor) {
	}

}
