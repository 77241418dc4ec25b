package io.chatkit.rest.ratelimit;

import java.net.InetAddress;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import org.apache.coyote.AbstractProcessor;
import org.apache.coyote.ActionCode;
import org.apache.coyote.Adapter;
import org.apache.coyote.Request;
import org.apache.coyote.Response;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.jspecify.annotations.Nullable;

/**
 * Tomcat's NIO HTTP/1.1 protocol with a cap on the connections one peer address may hold
 * (a connection beyond it is closed at once after accept, before a byte is read, so one
 * address trickling headers cannot fill the connector for everyone) and two deadlines
 * counted from a request's first byte: 10 s for its line and headers, 30 s for its body.
 * Tomcat has neither setting (its timeouts are per read, so a byte now and then holds a
 * connection for ever), hence this protocol; it is public because Tomcat creates
 * protocols by class name.
 * <p>
 * It also sizes the response body buffer, which Tomcat allocates for every connection and
 * keeps for the connection's life (one {@code byte} and one {@code char} buffer of that
 * size): 4,096 instead of 8,192, because a reply stream writes small events and flushes
 * each (docs/performance.md, "Per-stream memory").
 */
public class GuardedHttp11NioProtocol extends Http11NioProtocol {

	/**
	 * The request note recording the start of the request that reached the adapter, i.e.
	 * whose headers are all in. Tomcat uses the low note slots itself.
	 */
	private static final int NOTE_HEADERS_READ = 30;

	private static final int RESPONSE_BUFFER_SIZE = 4096;

	public GuardedHttp11NioProtocol() {
		super(new GuardedEndpoint());
	}

	@Override
	public int getDesiredBufferSize() {
		return RESPONSE_BUFFER_SIZE;
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

	@Override
	public void setAdapter(Adapter adapter) {
		super.setAdapter(new HeadersReadAdapter(adapter, (GuardedEndpoint) getEndpoint()));
	}

	/**
	 * Marks a request whose headers are all in before the container serves it, and hands
	 * one whose body is still to come to the endpoint's body deadline.
	 */
	private record HeadersReadAdapter(Adapter delegate, GuardedEndpoint endpoint) implements Adapter {

		@Override
		public void service(Request request, Response response) throws Exception {
			long start = request.getStartTimeNanos();
			request.setNote(NOTE_HEADERS_READ, start);
			if (!request.isFinished()) {
				this.endpoint.bodyToCome(request, start);
			}
			this.delegate.service(request, response);
		}

		@Override
		public boolean prepare(Request request, Response response) throws Exception {
			return this.delegate.prepare(request, response);
		}

		@Override
		public boolean asyncDispatch(Request request, Response response, SocketEvent status) throws Exception {
			return this.delegate.asyncDispatch(request, response, status);
		}

		@Override
		public void log(Request request, Response response, long time) {
			this.delegate.log(request, response, time);
		}

		@Override
		public void checkRecycled(Request request, Response response) {
			this.delegate.checkRecycled(request, response);
		}

		@Override
		public String getDomain() {
			return this.delegate.getDomain();
		}

	}

	private static final class GuardedEndpoint extends NioEndpoint {

		/**
		 * However slowly they trickle, a request's line and headers must be in by then.
		 */
		private static final long HEADER_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(10);

		/**
		 * However slowly it trickles, a request's body must be in by then.
		 */
		private static final long BODY_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);

		private final PerAddressConnections tracked = new PerAddressConnections();

		private final Map<Request, PendingBody> bodies = new ConcurrentHashMap<>();

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
				// closed here, not by returning false: the acceptor would then look the
				// socket up among the open connections, find nothing and leave it open,
				// its slot of maxConnections never returned
				destroySocket(socket);
				return true;
			}
			return super.setSocketOptions(socket);
		}

		@Override
		public void startInternal() throws Exception {
			super.startInternal();
			this.sweeper = getUtilityExecutor().scheduleWithFixedDelay(this::closeLateRequests, 1, 1, TimeUnit.SECONDS);
		}

		@Override
		public void stopInternal() {
			if (this.sweeper != null) {
				this.sweeper.cancel(false);
			}
			super.stopInternal();
		}

		/**
		 * Starts the body deadline of a request whose headers are in.
		 */
		void bodyToCome(Request request, long start) {
			request.action(ActionCode.REQ_HOST_ADDR_ATTRIBUTE, request);
			request.action(ActionCode.REQ_REMOTEPORT_ATTRIBUTE, request);
			this.bodies.put(request, new PendingBody(start, request.remoteAddr().toString(), request.getRemotePort()));
		}

		/**
		 * Ends requests past a deadline: one still reading its headers 10 s after its
		 * first byte is ended as a read error would end it; one whose body is still
		 * arriving 30 s after it has its connection closed, which fails the container's
		 * read (or swallowing) of the body.
		 */
		private void closeLateRequests() {
			long now = System.nanoTime();
			for (SocketWrapperBase<NioChannel> wrapper : this.tracked.values()) {
				if (wrapper.getCurrentProcessor() instanceof AbstractProcessor processor) {
					Request request = processor.getRequest();
					long start = request.getStartTimeNanos();
					if (start > 0 && now - start > HEADER_DEADLINE_NANOS
							&& !Long.valueOf(start).equals(request.getNote(NOTE_HEADERS_READ))) {
						processSocket(wrapper, SocketEvent.ERROR, true);
					}
				}
			}
			this.bodies.forEach((request, body) -> {
				if (request.getStartTimeNanos() != body.start() || request.isFinished() || isAsync(request)) {
					this.bodies.remove(request, body);
				}
				else if (now - body.start() > BODY_DEADLINE_NANOS) {
					this.bodies.remove(request, body);
					for (SocketWrapperBase<NioChannel> wrapper : this.tracked.values()) {
						if (wrapper.getRemotePort() == body.port() && body.address().equals(wrapper.getRemoteAddr())) {
							wrapper.close();
						}
					}
				}
			});
		}

		/**
		 * An asynchronous request (a stream) has read its body already; what is left is
		 * for the container to swallow at its end.
		 */
		private static boolean isAsync(Request request) {
			AtomicBoolean async = new AtomicBoolean();
			request.action(ActionCode.ASYNC_IS_ASYNC, async);
			return async.get();
		}

	}

	/**
	 * A request whose body is still to come: when it started and the connection it came
	 * on.
	 */
	private record PendingBody(long start, String address, int port) {

	}

}
