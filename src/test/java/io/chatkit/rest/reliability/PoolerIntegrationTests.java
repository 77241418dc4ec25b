package io.chatkit.rest.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.chatkit.rest.llm.FakeOpenRouter;
import io.chatkit.rest.llm.FakeOpenRouter.Reply;
import io.chatkit.rest.support.ApiClient.Response;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.RunningService;
import io.chatkit.rest.support.SseEvents.Event;
import io.chatkit.rest.support.TestPgBouncer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service through PgBouncer in transaction mode, as {@code k8s/} deploys it behind
 * the CloudNativePG Pooler: Flyway migrates a fresh database through it, and a Hikari
 * pool larger than PgBouncer's server pool serves concurrent sessions and streamed
 * replies.
 */
class PoolerIntegrationTests {

	static final FakeOpenRouter fake = FakeOpenRouter.start();

	@AfterAll
	static void stopFake() {
		fake.close();
	}

	@Test
	void aPoolLargerThanTheBouncersServerPoolServesConcurrentChatsThroughTransactionMode() throws Exception {
		fake.fallback((request) -> Reply.text("Through ", "the ", "pooler."));
		try (TestPgBouncer bouncer = TestPgBouncer.start(2);
				RunningService service = RunningService.with()
					.set("spring.datasource.url", bouncer.jdbcUrl())
					.set("spring.datasource.username", bouncer.server().username())
					.set("spring.datasource.password", bouncer.server().password())
					.set("spring.datasource.hikari.maximum-pool-size", "8")
					.set("chatkit.llm.base-url", fake.baseUrl())
					.start()) {
			ChatClient chat = new ChatClient(service.port());
			ExecutorService pool = Executors.newFixedThreadPool(8);
			List<Future<List<Event>>> replies = new ArrayList<>();
			for (int i = 0; i < 16; i++) {
				String token = JwtTokens.newUser();
				replies.add(pool.submit(() -> chat.reply(token, chat.createSession(token), "Hello")));
			}
			for (Future<List<Event>> reply : replies) {
				assertThat(reply.get()).extracting(Event::name).contains("start", "done");
			}
			pool.shutdown();
			String token = JwtTokens.newUser();
			String session = chat.createSession(token);
			chat.reply(token, session, "Again");
			Response messages = chat.api().get(ChatClient.SESSIONS + "/" + session, token);
			assertThat(messages.status()).as(messages.body()).isEqualTo(200);
			assertThat(messages.body()).contains("Through the pooler.");
			assertThat(service.jdbc().queryForObject("select count(*) from chat_messages", Integer.class))
				.isEqualTo(17 * 2);
			assertThat(service.jdbc()
				.queryForObject("select count(*) from flyway_schema_history where success", Integer.class))
				.isPositive();
		}
	}

}
