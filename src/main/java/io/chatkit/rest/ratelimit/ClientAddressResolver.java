package io.chatkit.rest.ratelimit;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.chatkit.rest.web.InvalidConfigurationException;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * Works out which client a request comes from: the socket peer, or, when the peer is a
 * trusted proxy, the right-most {@code X-Forwarded-For} entry that is not itself a
 * trusted proxy. Entries left of that one are the client's own words and are never used;
 * an entry that is not an IP address is skipped, so garbage cannot throw a proxy's
 * clients into the proxy's own bucket. IPv6 clients are keyed by their network prefix
 * (one subscriber holds a whole /64), zone ids stripped.
 */
@Component
class ClientAddressResolver {

	private static final String FORWARDED_FOR = "X-Forwarded-For";

	private final List<IpAddressMatcher> trusted;

	private final int ipv6Prefix;

	@Autowired
	ClientAddressResolver(RateLimitProperties properties) {
		this(properties.trustedProxies(), properties.ipv6Prefix());
	}

	ClientAddressResolver(List<String> trustedProxies) {
		this(trustedProxies, 64);
	}

	ClientAddressResolver(List<String> trustedProxies, int ipv6Prefix) {
		this.trusted = trustedProxies.stream().map(ClientAddressResolver::matcher).toList();
		this.ipv6Prefix = ipv6Prefix;
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
			return key(client);
		}
		List<String> hops = new ArrayList<>();
		forwardedFor.forEach((header) -> hops.addAll(List.of(header.split(","))));
		for (int i = hops.size() - 1; i >= 0; i--) {
			InetAddress hop = literal(stripPort(hops.get(i).strip()));
			if (hop == null) {
				continue;
			}
			client = hop;
			if (!isTrusted(hop)) {
				break;
			}
		}
		return key(client);
	}

	/**
	 * The bucket key of an address: IPv4 as it is, IPv6 masked to its prefix and written
	 * with it ({@code 2001:db8:0:1:0:0:0:0/64}).
	 */
	private String key(InetAddress address) {
		if (!(address instanceof Inet6Address) || this.ipv6Prefix >= 128) {
			return address.getHostAddress();
		}
		byte[] bytes = address.getAddress();
		for (int bit = this.ipv6Prefix; bit < 128; bit++) {
			bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
		}
		try {
			return InetAddress.getByAddress(bytes).getHostAddress() + "/" + this.ipv6Prefix;
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Whether an address is one of the trusted proxies.
	 * @param address a peer address
	 * @return whether its forwarded headers are believed
	 */
	boolean isTrustedProxy(InetAddress address) {
		return isTrusted(address);
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
	static @Nullable InetAddress literal(@Nullable String text) {
		if (text == null || text.isEmpty()) {
			return null;
		}
		int zone = text.indexOf('%');
		try {
			return InetAddress.ofLiteral((zone >= 0) ? text.substring(0, zone) : text);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
