package io.chatkit.rest.ratelimit;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on the connections of the API port.
 *
 * @param maxConnectionsPerAddress most open connections (streams included) one address
 * that is not a trusted proxy may hold; a further one is closed at once after accept
 */
@Validated
@ConfigurationProperties("chatkit.server")
record ConnectionProperties(@DefaultValue("256") @Min(1) int maxConnectionsPerAddress) {

}
