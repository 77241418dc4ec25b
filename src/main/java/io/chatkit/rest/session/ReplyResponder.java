package io.chatkit.rest.session;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;

/**
 * Writes one attached client's event stream from a {@link ReplySource} until the reply's
 * last event or until the client goes away, with a keep-alive comment after each interval
 * of silence. Only the client's request thread writes.
 */
@Component
class ReplyResponder {

	private final Duration keepAlive;

	ReplyResponder(StreamsProperties properties) {
		this.keepAlive = properties.keepAlive();
	}

	void stream(ReplySource source, HttpServletResponse response) throws IOException {
		try (source) {
			response.setStatus(200);
			response.setContentType("text/event-stream;charset=UTF-8");
			response.setHeader("Cache-Control", "no-cache");
			response.setHeader("X-Accel-Buffering", "no");
			SseWriter out = new SseWriter(response.getOutputStream());
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

}
