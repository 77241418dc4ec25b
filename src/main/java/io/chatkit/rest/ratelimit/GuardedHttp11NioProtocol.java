package io.chatkit.rest.ratelimit;

import java.net.InetAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.coyote.AbstractProcessor;
import org.apache.coyote.Constants;
import org.apache.coyote.Request;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.jspecify.annotations.Nullable;

/**
 * Tomcat's NIO HTTP/1.1 protocol with a cap on the connections one peer address may hold:
 * a connection beyond it is closed at once after accept, before a byte is read, so one
 * address trickling headers cannot fill the connector for everyone; and a deadline of 10
 * s from a request's first byte to its last header. Tomcat has neither setting (its
 * timeouts are per read), hence this endpoint; it is public because Tomcat creates
 * protocols by class name.
 */
public class GuardedHttp11NioProtocol extends Http11NioProtocol {

	public GuardedHttp11NioProtocol() {
		super(new GuardedEndpoint());
	}

	/**
	 * Sets the cap.
	 * @param maxPerAddress most open connections one address may hold
	 * @param exempt addresses without a cap (trusted proxies carry many clients)
	 */
	void limit(int maxPerAddress, Predicate<InetAddress> exempt) {
		GuardedEndpoint endpoint = (GuardedEndpoint) getEndpoint();
		endpoint.maxPerAddress = maxPerAddress;
		endpoint.exempt = exempt;
	}

	private static final class GuardedEndpoint extends NioEndpoint {

		/**
		 * However slowly they trickle, a request's line and headers must be in by then.
		 */
		private static final long HEADER_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(10);

		private final PerAddressConnections tracked = new PerAddressConnections();

		private @Nullable ScheduledFuture<?> sweeper;

		private volatile int maxPerAddress = Integer.MAX_VALUE;

		private volatile Predicate<InetAddress> exempt = (address) -> false;

		GuardedEndpoint() {
			this.connections = this.tracked;
		}

		@Override
		protected boolean setSocketOptions(SocketChannel socket) {
			InetAddress peer = PerAddressConnections.peer(socket);
			if (peer != null && this.tracked.count(peer) >= this.maxPerAddress && !this.exempt.test(peer)) {
				return false;
			}
			return super.setSocketOptions(socket);
		}

		@Override
		public void startInternal() throws Exception {
			super.startInternal();
			this.sweeper = getUtilityExecutor().scheduleWithFixedDelay(this::closeLateHeaders, 1, 1, TimeUnit.SECONDS);
		}

		@Override
		public void stopInternal() {
			if (this.sweeper != null) {
				this.sweeper.cancel(false);
			}
			super.stopInternal();
		}

		/**
		 * Tomcat's connection timeout is per read, so a client sending a byte now and
		 * then could hold a connection for ever: requests still parsing their headers 10
		 * s after their first byte are ended as a read error would end them.
		 */
		private void closeLateHeaders() {
			long now = System.nanoTime();
			for (SocketWrapperBase<NioChannel> wrapper : this.tracked.values()) {
				if (wrapper.getCurrentProcessor() instanceof AbstractProcessor processor) {
					Request request = processor.getRequest();
					long start = request.getStartTimeNanos();
					if (request.getRequestProcessor().getStage() == Constants.STAGE_PARSE && start > 0
							&& now - start > HEADER_DEADLINE_NANOS) {
						processSocket(wrapper, SocketEvent.ERROR, true);
					}
				}
			}
		}

	}

}
