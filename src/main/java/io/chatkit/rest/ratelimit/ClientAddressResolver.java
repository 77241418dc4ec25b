package io.chatkit.rest.ratelimit;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.chatkit.rest.web.InvalidConfigurationException;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * Works out which client a request comes from: the socket peer, or, when the peer is a
 * trusted proxy, the right-most {@code X-Forwarded-For} entry that is not itself a
 * trusted proxy. Entries left of that one are the client's own words and are never used.
 */
@Component
class ClientAddressResolver {

	private static final String FORWARDED_FOR = "X-Forwarded-For";

	private final List<IpAddressMatcher> trusted;

	@Autowired
	ClientAddressResolver(RateLimitProperties properties) {
		this(properties.trustedProxies());
	}

	ClientAddressResolver(List<String> trustedProxies) {
		this.trusted = trustedProxies.stream().map(ClientAddressResolver::matcher).toList();
	}

	private static IpAddressMatcher matcher(String cidr) {
		int slash = cidr.indexOf('/');
		String address = (slash >= 0) ? cidr.substring(0, slash) : cidr;
		if (literal(address) == null) {
			throw new InvalidConfigurationException("chatkit.rate-limit.trusted-proxies",
					"'" + cidr + "' is not an IPv4 or IPv6 address or CIDR");
		}
		try {
			return new IpAddressMatcher(cidr);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationException("chatkit.rate-limit.trusted-proxies",
					"'" + cidr + "' is not a valid CIDR");
		}
	}

	/**
	 * The client address of a request.
	 * @param request the request
	 * @return the address in its canonical text form
	 */
	String resolve(HttpServletRequest request) {
		return resolve(request.getRemoteAddr(), Collections.list(request.getHeaders(FORWARDED_FOR)));
	}

	String resolve(String peer, List<String> forwardedFor) {
		InetAddress client = literal(peer);
		if (client == null) {
			return peer;
		}
		if (!isTrusted(client) || forwardedFor.isEmpty()) {
			return client.getHostAddress();
		}
		List<String> hops = new ArrayList<>();
		forwardedFor.forEach((header) -> hops.addAll(List.of(header.split(","))));
		for (int i = hops.size() - 1; i >= 0; i--) {
			InetAddress hop = literal(stripPort(hops.get(i).strip()));
			if (hop == null) {
				break;
			}
			client = hop;
			if (!isTrusted(hop)) {
				break;
			}
		}
		return client.getHostAddress();
	}

	private boolean isTrusted(InetAddress address) {
		String text = address.getHostAddress();
		return this.trusted.stream().anyMatch((matcher) -> matcher.matches(text));
	}

	private static String stripPort(String hop) {
		if (hop.startsWith("[")) {
			int close = hop.indexOf(']');
			return (close > 0) ? hop.substring(1, close) : hop;
		}
		int colon = hop.indexOf(':');
		return (colon > 0 && colon == hop.lastIndexOf(':')) ? hop.substring(0, colon) : hop;
	}

	/**
	 * Parses an IP address literal without ever asking DNS.
	 * @param text the text
	 * @return the address, or {@code null} when the text is not an IP literal
	 */
	static InetAddress literal(String text) {
		if (text == null || text.isEmpty()) {
			return null;
		}
		try {
			return InetAddress.ofLiteral(text);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
