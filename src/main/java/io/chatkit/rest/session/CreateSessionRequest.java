package io.chatkit.rest.session;

import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /sessions}. Its rules are {@link TextRules#optionalTitle}'s: bean
 * validation's {@code @Size} would count UTF-16 units before trimming, where the limit is
 * on characters after it.
 *
 * @param title optional title, at most 200 characters after trimming
 */
record CreateSessionRequest(@Nullable String title) {

}
