package io.chatkit.rest.web;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * What a web slice of another feature needs to answer with the service's error envelope:
 * the writer the filters and the exception handler share, and the strict request JSON.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({ ErrorResponseWriter.class, JsonConfiguration.class })
public class ErrorEnvelopeSlice {

}
