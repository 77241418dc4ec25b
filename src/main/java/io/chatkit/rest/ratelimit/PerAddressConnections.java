package io.chatkit.rest.ratelimit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.jspecify.annotations.Nullable;

/**
 * Tomcat's map of open connections, counting them per peer address as the endpoint adds
 * and removes them. Counts are exact (an address's entry goes with its last connection),
 * which an evicting cache could not promise.
 */
final class PerAddressConnections extends ConcurrentHashMap<SocketChannel, SocketWrapperBase<NioChannel>> {

	private final transient Map<SocketChannel, InetAddress> addresses = new ConcurrentHashMap<>();

	private final transient Map<InetAddress, Integer> counts = new ConcurrentHashMap<>();

	static @Nullable InetAddress peer(SocketChannel channel) {
		try {
			return (channel.getRemoteAddress() instanceof InetSocketAddress address) ? address.getAddress() : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	int count(InetAddress address) {
		return this.counts.getOrDefault(address, 0);
	}

	@Override
	public SocketWrapperBase<NioChannel> put(SocketChannel channel, SocketWrapperBase<NioChannel> wrapper) {
		InetAddress address = peer(channel);
		if (address != null && this.addresses.putIfAbsent(channel, address) == null) {
			this.counts.merge(address, 1, Integer::sum);
		}
		return super.put(channel, wrapper);
	}

	@Override
	public SocketWrapperBase<NioChannel> remove(Object channel) {
		SocketWrapperBase<NioChannel> removed = super.remove(channel);
		InetAddress address = this.addresses.remove(channel);
		if (address != null) {
			this.counts.computeIfPresent(address, (key, count) -> (count > 1) ? count - 1 : null);
		}
		return removed;
	}

	@Override
	public boolean remove(Object channel, Object wrapper) {
		if (get(channel) != wrapper) {
			return false;
		}
		return remove(channel) != null;
	}

}
