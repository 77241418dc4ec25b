package io.chatkit.rest.ratelimit;

import java.util.List;

import io.chatkit.rest.web.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ClientAddressResolverTests {

	private final ClientAddressResolver resolver = new ClientAddressResolver(
			List.of("10.0.0.0/8", "127.0.0.1/32", "2001:db8::/32"));

	@Test
	void anUntrustedPeerIsTheClientWhateverItForwards() {
		assertThat(this.resolver.resolve("203.0.113.7", List.of("198.51.100.1"))).isEqualTo("203.0.113.7");
	}

	@Test
	void aTrustedPeerWithoutForwardedForIsTheClient() {
		assertThat(this.resolver.resolve("10.1.2.3", List.of())).isEqualTo("10.1.2.3");
	}

	@Test
	void aTrustedPeerNamesTheClientAsTheRightMostForwardedEntry() {
		assertThat(this.resolver.resolve("10.1.2.3", List.of("198.51.100.1"))).isEqualTo("198.51.100.1");
	}

	@Test
	void entriesAClientPrependedAreIgnored() {
		assertThat(this.resolver.resolve("10.1.2.3", List.of("1.1.1.1, 2.2.2.2, 198.51.100.1")))
			.isEqualTo("198.51.100.1");
	}

	@Test
	void trustedProxiesInTheChainAreSkipped() {
		assertThat(this.resolver.resolve("10.1.2.3", List.of("6.6.6.6, 198.51.100.1, 10.9.9.9", "127.0.0.1")))
			.isEqualTo("198.51.100.1");
	}

	@Test
	void aChainOfOnlyTrustedProxiesEndsAtItsLeftMostEntry() {
		assertThat(this.resolver.resolve("10.1.2.3", List.of("10.0.0.5, 10.0.0.6"))).isEqualTo("10.0.0.5");
	}

	@Test
	void garbageInTheChainIsSkippedForTheNextAddressToItsLeft() {
		assertThat(this.resolver.resolve("10.1.2.3", List.of("198.51.100.1, evil.example.com")))
			.isEqualTo("198.51.100.1");
		assertThat(this.resolver.resolve("10.1.2.3", List.of("198.51.100.1, unknown, , 999.1.1.1, 10.0.0.9")))
			.isEqualTo("198.51.100.1");
	}

	@Test
	void aChainOfOnlyGarbageIsKeyedByTheProxyItself() {
		assertThat(this.resolver.resolve("10.1.2.3", List.of("unknown"))).isEqualTo("10.1.2.3");
		assertThat(this.resolver.resolve("10.1.2.3", List.of("_hidden, \u0000"))).isEqualTo("10.1.2.3");
	}

	@Test
	void ipv6ClientsOfOneSlash64ShareOneKey() {
		String first = this.resolver.resolve("2001:db9:1:2:aaaa::1", List.of());
		assertThat(first).isEqualTo("2001:db9:1:2:0:0:0:0/64");
		assertThat(this.resolver.resolve("2001:db9:1:2:ffff:ffff:ffff:ffff", List.of())).isEqualTo(first);
		assertThat(this.resolver.resolve("2001:db9:1:3::1", List.of())).isNotEqualTo(first);
		assertThat(this.resolver.resolve("10.1.2.3", List.of("2001:db9:1:2::77"))).isEqualTo(first);
	}

	@Test
	void zoneIdsMakeNoNewKeys() {
		assertThat(this.resolver.resolve("fe80::1%eth0", List.of())).isEqualTo("fe80:0:0:0:0:0:0:0/64")
			.isEqualTo(this.resolver.resolve("fe80::2%7", List.of()))
			.isEqualTo(this.resolver.resolve("10.1.2.3", List.of("[fe80::3%eth1]:80")));
	}

	@Test
	void theIpv6PrefixIsConfigurable() {
		ClientAddressResolver perAddress = new ClientAddressResolver(List.of(), 128);
		assertThat(perAddress.resolve("2001:db9::1", List.of())).isEqualTo("2001:db9:0:0:0:0:0:1");
		ClientAddressResolver per48 = new ClientAddressResolver(List.of(), 48);
		assertThat(per48.resolve("2001:db9:1:ffff::1", List.of())).isEqualTo("2001:db9:1:0:0:0:0:0/48");
	}

	@Test
	void ipv4MappedIpv6PeersAreKeyedAsIpv4() {
		assertThat(this.resolver.resolve("::ffff:198.51.100.1", List.of())).isEqualTo("198.51.100.1");
	}

	@Test
	void portsAndBracketsAreStrippedFromEntries() {
		assertThat(this.resolver.resolve("10.1.2.3", List.of("198.51.100.1:4711"))).isEqualTo("198.51.100.1");
		assertThat(this.resolver.resolve("10.1.2.3", List.of("[2001:db9::1]:443")))
			.isEqualTo("2001:db9:0:0:0:0:0:0/64");
	}

	@Test
	void ipv6PeersAndProxiesAreMatchedByCidr() {
		assertThat(this.resolver.resolve("2001:db8::10", List.of("2001:db9::1"))).isEqualTo("2001:db9:0:0:0:0:0:0/64");
		assertThat(this.resolver.resolve("2001:db9::10", List.of("198.51.100.1"))).isEqualTo("2001:db9:0:0:0:0:0:0/64");
	}

	@Test
	void equivalentSpellingsOfAnAddressShareOneKey() {
		assertThat(this.resolver.resolve("2001:db9:0::1", List.of()))
			.isEqualTo(this.resolver.resolve("2001:DB9::0:1", List.of()));
	}

	@Test
	void forwardedForHeadersOfARequestAreReadInOrder() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRemoteAddr("127.0.0.1");
		request.addHeader("X-Forwarded-For", "5.5.5.5");
		request.addHeader("X-Forwarded-For", "198.51.100.1");
		assertThat(this.resolver.resolve(request)).isEqualTo("198.51.100.1");
	}

	@Test
	void withoutTrustedProxiesTheHeaderIsNeverBelieved() {
		ClientAddressResolver none = new ClientAddressResolver(List.of());
		assertThat(none.resolve("127.0.0.1", List.of("198.51.100.1"))).isEqualTo("127.0.0.1");
	}

	@Test
	void aTrustedProxyThatIsNotAnAddressStopsStartUpNamingTheKey() {
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> new ClientAddressResolver(List.of("proxy.internal/8")))
			.satisfies((ex) -> assertThat(ex.getKey()).isEqualTo("chatkit.rate-limit.trusted-proxies"));
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> new ClientAddressResolver(List.of("10.0.0.0/40")));
	}

}
