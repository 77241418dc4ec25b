package io.chatkit.rest.session;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Writes one attached client's event stream from a {@link ReplySource} until the reply's
 * last event or until the client goes away, with a keep-alive comment after each interval
 * of silence.
 * <p>
 * The response head is sent on the request thread, which then returns: the events are
 * written by a virtual thread of the stream's own, started with a shallow stack, while
 * the request stays open in asynchronous mode. A stream that waits for its next token so
 * holds a few frames instead of the whole filter chain and Spring MVC, parked for the
 * life of the reply. Only that thread writes, so a slow client holds up nobody else.
 */
@Component
class ReplyResponder {

	private static final Logger logger = LoggerFactory.getLogger(ReplyResponder.class);

	private final Duration keepAlive;

	ReplyResponder(StreamsProperties properties) {
		this.keepAlive = properties.keepAlive();
	}

	/**
	 * Starts the stream and returns once its head is sent. Takes over the source and
	 * {@code finished}: the source is closed, and {@code finished} runs exactly once,
	 * when the stream ended, also when this method throws.
	 */
	void stream(ReplySource source, HttpServletRequest request, HttpServletResponse response, Runnable finished)
			throws IOException {
		boolean handedOver = false;
		try {
			response.setStatus(200);
			response.setContentType("text/event-stream;charset=UTF-8");
			response.setHeader("Cache-Control", "no-cache");
			response.setHeader("X-Accel-Buffering", "no");
			SseWriter out = new SseWriter(response.getOutputStream());
			// the head, with every header the filters add, is committed by this thread:
			// no
			// header is changed while the writer runs
			response.flushBuffer();
			AsyncContext async = request.startAsync(request, response);
			// the reply's own deadlines end the stream, not the container
			async.setTimeout(0);
			Thread.ofVirtual().name("reply-writer").start(() -> {
				try {
					write(source, out);
				}
				catch (RuntimeException ex) {
					logger.warn("A reply stream ended on an unexpected {}", ex.getClass().getSimpleName());
				}
				finally {
					close(source);
					complete(async);
					finished.run();
				}
			});
			handedOver = true;
		}
		finally {
			if (!handedOver) {
				close(source);
				finished.run();
			}
		}
	}

	private void write(ReplySource source, SseWriter out) {
		try {
			long silence = this.keepAlive.toNanos();
			while (true) {
				List<LoggedEvent> events = source.next(Duration.ofNanos(out.nanosUntilSilent(silence)));
				for (LoggedEvent event : events) {
					if (!out.event(event)) {
						return;
					}
				}
				if (source.ended() || !out.keepAliveIfSilentFor(silence)) {
					return;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void close(ReplySource source) {
		try {
			source.close();
		}
		catch (RuntimeException ex) {
			// the reader's presence in an unreachable log expires by itself
			logger.debug("Detaching a reply stream failed", ex);
		}
	}

	private static void complete(AsyncContext async) {
		try {
			async.complete();
		}
		catch (IllegalStateException ex) {
			// the container already ended the request: the client went away
		}
	}

}
