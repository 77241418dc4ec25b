package io.chatkit.rest.reliability;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.SignedJWT;
import io.chatkit.rest.llm.FakeOpenRouter;
import io.chatkit.rest.llm.FakeOpenRouter.Reply;
import io.chatkit.rest.llm.FakeOpenRouter.ToolCall;
import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.ApiClient.Response;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.SseEvents;
import io.chatkit.rest.support.SseEvents.Event;
import io.chatkit.rest.support.RunningService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input: forged tokens, other users' ids, spoofed headers, odd text and a seeded
 * fuzz over every endpoint. Nothing may answer 500, leave the envelope, reach another
 * user's data, or put a secret or stack trace in a body or a log line.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostileInputIntegrationTests {

	private static final String API_KEY = "sk-or-v1-reliability-test-key";

	private static final String DB_PASSWORD = "reliability-db-password";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static final FakeOpenRouter fake = FakeOpenRouter.start();

	static RunningService service;

	static ChatClient client;

	static ApiClient api;

	private final List<Response> responses = new ArrayList<>();

	@BeforeAll
	static void start() {
		fake.fallback((request) -> Reply.text("ok"));
		service = RunningService.with()
			.set("chatkit.llm.base-url", fake.baseUrl())
			.set("chatkit.llm.api-key", API_KEY)
			.set("chatkit.security.jwt.issuer", "https://auth.example.com")
			.set("chatkit.security.jwt.audience", "chatkit")
			.set("chatkit.cors.origins", "https://app.example.com")
			.start();
		client = new ChatClient(service.port());
		api = client.api();
	}

	@AfterAll
	static void stop() {
		if (service != null) {
			service.close();
		}
		fake.close();
	}

	private static String token(String sub) {
		return JwtTokens.withClaims(JwtTokens.claims(sub, Instant.now().plusSeconds(3600))
			.issuer("https://auth.example.com")
			.audience("chatkit")
			.build());
	}

	private Response keep(Response response) {
		this.responses.add(response);
		return response;
	}

	@Test
	void forgedExpiredAndMisdirectedTokensAreUnauthorized(CapturedOutput output) throws Exception {
		String sub = "mallory-" + UUID.randomUUID();
		List<String> forged = new ArrayList<>(List.of(JwtTokens.expired(sub), JwtTokens.notYetValid(sub),
				JwtTokens.wrongKey(sub), JwtTokens.algNone(sub), JwtTokens.forUser(sub), rs256SignedWithSecret(sub),
				hs256SignedWithPublicKey(sub), "x".repeat(60_000), "not.a.jwt", ""));
		forged.add(JwtTokens.withClaims(JwtTokens.claims(sub, Instant.now().plusSeconds(3600))
			.issuer("https://evil.example.com")
			.audience("chatkit")
			.build()));
		forged.add(JwtTokens.withClaims(JwtTokens.claims(sub, Instant.now().plusSeconds(3600))
			.issuer("https://auth.example.com")
			.audience("other")
			.build()));
		for (String token : forged) {
			Response response = keep(api.get(ChatClient.SESSIONS, token));
			assertThat(response.status()).as(token.substring(0, Math.min(40, token.length()))).isIn(401, 431, 400);
			if (response.status() == 401) {
				assertThat(response.errorCode()).isEqualTo("unauthorized");
				assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
			}
		}
		assertThat(keep(api.get(ChatClient.SESSIONS, token(sub))).status()).isEqualTo(200);
		assertNoLeaks(output, forged);
	}

	@Test
	void noEndpointLetsOneUserReachAnothersSessionOrTasks(CapturedOutput output) {
		String alice = token("alice-" + UUID.randomUUID());
		String bobId = "bob-" + UUID.randomUUID();
		String bob = token(bobId);
		String session = client.createSession(alice);
		String path = ChatClient.SESSIONS + "/" + session;
		for (Response response : List.of(api.get(path, bob), api.delete(path, bob),
				api.post(path + "/threads", bob, null), client.send(bob, session, "let me in"))) {
			keep(response);
			assertThat(response.status()).isEqualTo(403);
			assertThat(response.errorCode()).isEqualTo("forbidden");
		}
		assertThat(api.get(ChatClient.SESSIONS, bob).json().path("data").size()).isZero();
		UUID aliceTask = UUID.randomUUID();
		service.jdbc()
			.update("insert into tasks (id, user_id, title, completed, created_at, updated_at) "
					+ "values (?, ?, 'Alice''s task', false, now(), now())", aliceTask, "alice-owner");
		fake.enqueue(
				Reply.toolCalls(new ToolCall("c1", "complete_task", "{\"task_id\":\"" + aliceTask + "\"}"),
						new ToolCall("c2", "delete_task", "{\"task_id\":\"" + aliceTask + "\"}"),
						new ToolCall("c3", "update_task", "{\"task_id\":\"" + aliceTask + "\",\"title\":\"pwned\"}")),
				Reply.text("done"));
		List<Event> events = client.reply(bob, client.createSession(bob), "touch alice's task");
		assertThat(events.stream().filter((e) -> e.name().equals("tool_result")))
			.allSatisfy((e) -> assertThat(e.data().path("status").asString()).isEqualTo("error"));
		assertThat(service.jdbc().queryForMap("select title, completed from tasks where id = ?", aliceTask))
			.containsEntry("title", "Alice's task")
			.containsEntry("completed", false);
		assertNoLeaks(output, List.of(alice, bob));
	}

	@Test
	void spoofedForwardingAndBadRequestIdsAreIgnored(CapturedOutput output) {
		String token = token("eve-" + UUID.randomUUID());
		Response spoofed = keep(
				api.send("GET", ChatClient.SESSIONS, token, null, Map.of("X-Forwarded-For", "1.2.3.4")));
		Response plain = keep(api.get(ChatClient.SESSIONS, token));
		assertThat(spoofed.status()).isEqualTo(200);
		assertThat(spoofed.header("RateLimit-Limit")).isEqualTo(plain.header("RateLimit-Limit"));
		String longId = "a".repeat(201);
		Response tooLong = keep(api.send("GET", ChatClient.SESSIONS, token, null, Map.of("X-Request-Id", longId)));
		assertThat(tooLong.header("X-Request-Id")).isNotEqualTo(longId).hasSizeLessThanOrEqualTo(200);
		Response odd = keep(
				api.send("GET", ChatClient.SESSIONS, token, null, Map.of("X-Request-Id", "id with spaces;")));
		assertThat(odd.header("X-Request-Id")).isNotEqualTo("id with spaces;");
		Response crlf = rawRequestId("abc%0d%0aSet-Cookie: x=1", token);
		assertThat(crlf.header("Set-Cookie")).isNull();
		assertNoLeaks(output, List.of(token));
	}

	private Response rawRequestId(String id, String token) {
		return keep(api.send("GET", ChatClient.SESSIONS, token, null,
				Map.of("X-Request-Id", java.net.URLDecoder.decode(id, StandardCharsets.UTF_8).replace("\r\n", " "))));
	}

	@Test
	void oddTextIsStoredAndReturnedVerbatim(CapturedOutput output) {
		String token = token("zoe-" + UUID.randomUUID());
		List<String> texts = List.of("'); DROP TABLE chat_sessions;--", "emoji 👩‍💻🚀 and ZWJ", "עברית RTL \u202Etxet",
				"tab\tand\nnewline", "quote \" backslash \\ percent %s %n", "x".repeat(200));
		for (String text : texts) {
			Response created = keep(
					api.post(ChatClient.SESSIONS, token, "{\"title\":" + JSON.writeValueAsString(text) + "}"));
			assertThat(created.status()).isEqualTo(200);
			assertThat(created.json().path("data").path("title").asString()).isEqualTo(text);
			String session = created.json().path("data").path("id").asString();
			client.reply(token, session, text);
			JsonNode fetched = keep(api.get(ChatClient.SESSIONS + "/" + session, token)).json().path("data");
			assertThat(fetched.path("title").asString()).isEqualTo(text);
			assertThat(fetched.path("messages").get(0).path("content").asString()).isEqualTo(text.strip());
		}
		Response nul = keep(api.post(ChatClient.SESSIONS, token, "{\"title\":\"nul\\u0000byte\"}"));
		// any text is stored as sent, NUL included, though PostgreSQL text cannot hold
		// one
		assertThat(nul.status()).isEqualTo(200);
		assertThat(nul.json().path("data").path("title").asString()).isEqualTo("nul\u0000byte");
		String nulSession = nul.json().path("data").path("id").asString();
		assertThat(keep(api.get(ChatClient.SESSIONS + "/" + nulSession, token)).json()
			.path("data")
			.path("title")
			.asString()).isEqualTo("nul\u0000byte");
		assertThat(service.jdbc().queryForObject("select count(*) from chat_sessions", Integer.class)).isPositive();
		assertNoLeaks(output, List.of(token));
	}

	@Test
	void deepOrHugeJsonAndDisallowedOriginsGetEnvelopeErrors(CapturedOutput output) {
		String token = token("ivan-" + UUID.randomUUID());
		String deep = "{\"title\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
		assertThat(keep(api.post(ChatClient.SESSIONS, token, deep)).status()).isEqualTo(400);
		String huge = "{\"title\":\"" + "x".repeat(70 * 1024) + "\"}";
		Response tooBig = keep(api.post(ChatClient.SESSIONS, token, huge));
		assertThat(tooBig.status()).isEqualTo(413);
		assertThat(tooBig.errorCode()).isEqualTo("payload_too_large");
		Response preflight = keep(api.send("OPTIONS", ChatClient.SESSIONS, null, null,
				Map.of("Origin", "https://evil.example.com", "Access-Control-Request-Method", "POST")));
		assertThat(preflight.status()).isEqualTo(403);
		assertThat(preflight.errorCode()).isEqualTo("forbidden");
		assertNoLeaks(output, List.of(token));
	}

	@Test
	void aSeededFuzzOverEveryEndpointNeverAnswers500OrLeavesTheEnvelope(CapturedOutput output) {
		long seed = Long.getLong("chatkit.reliability.seed", 20261128L);
		Random random = new Random(seed);
		int requests = ReliabilityProfile.count(300, 3000);
		String token = token("fuzz-" + UUID.randomUUID());
		String session = client.createSession(token);
		String[] methods = { "GET", "POST", "DELETE", "PUT", "PATCH" };
		String[] paths = { "/sessions", "/sessions/" + session, "/sessions/" + session + "/threads",
				"/sessions/" + session + "/messages", "/sessions/%s", "/sessions/%s/messages", "/sessions?limit=%s",
				"/sessions?cursor=%s", "/%s" };
		int statuses[] = new int[600];
		for (int i = 0; i < requests; i++) {
			String path = "/api/v1/chatkit" + paths[random.nextInt(paths.length)].replace("%s", junkPathPart(random));
			String body = random.nextInt(4) == 0 ? null : junkBody(random);
			String contentType = switch (random.nextInt(4)) {
				case 0 -> "text/plain";
				case 1 -> "application/json; charset=ISO-8859-1";
				default -> "application/json";
			};
			Response response;
			try {
				response = api.send(methods[random.nextInt(methods.length)], path, token, body,
						(body != null) ? Map.of("Content-Type", contentType) : Map.of());
			}
			catch (IllegalArgumentException ex) {
				continue;
			}
			statuses[response.status()]++;
			assertThat(response.status()).as("seed " + seed + ": " + path + " " + body).isLessThan(500);
			if (response.header("Content-Type") != null
					&& response.header("Content-Type").startsWith("text/event-stream")) {
				continue;
			}
			assertThat(response.body()).as("seed " + seed + ": " + path + " -> " + response.status()).startsWith("{");
			JsonNode json = response.json();
			assertThat(json.path("success").isBoolean()).as(response.body()).isTrue();
			if (!json.path("success").asBoolean()) {
				assertThat(json.path("error").path("code").asString()).isNotBlank();
				assertThat(json.path("error").path("request_id").asString()).isNotBlank();
			}
			keep(response);
		}
		StringBuilder seen = new StringBuilder();
		for (int s = 0; s < statuses.length; s++) {
			if (statuses[s] > 0) {
				seen.append(s).append('=').append(statuses[s]).append(' ');
			}
		}
		ReliabilityProfile.report("fuzz",
				requests + " requests, seed " + seed + ", statuses " + seen.toString().strip());
		assertNoLeaks(output, List.of(token));
	}

	@Test
	void hostileClientClassesAreRefusedWithoutA500(CapturedOutput output) {
		List<String> subs = List.of("42", "true", "[\"a\"]", "\"\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"\\udc00x\"",
				"\"tab\\t\"", "\"\\u007f\"", "\"\\u0085\"", "\"" + "x".repeat(256) + "\"");
		for (String sub : subs) {
			Response response = keep(api.get(ChatClient.SESSIONS, JwtTokens.withRawSubject(sub)));
			assertThat(response.status()).as(sub).isEqualTo(401);
		}
		String token = token("hostile-" + UUID.randomUUID());
		String session = client.createSession(token);
		List<String> queries = List.of("?x=%ff", "?%ff=1", "?x=%c3", "?limit=%ff", "?cursor=%ff",
				"?cursor=" + forgedCursor(Long.MIN_VALUE), "?cursor=" + forgedCursor(Long.MAX_VALUE),
				"?cursor=" + forgedCursor(-1), "?cursor=" + forgedCursor(253_402_300_800_000_000L));
		for (String query : queries) {
			Response response = keep(api.get(ChatClient.SESSIONS + query, token));
			assertThat(response.status()).as(query).isEqualTo(400);
		}
		List<String> forms = List.of("a=%ff", "a=%", "%ff=%ff&b", "--x\r\nbroken");
		for (String form : forms) {
			for (String contentType : List.of("application/x-www-form-urlencoded", "multipart/form-data; boundary=x")) {
				Response response = keep(api.send("POST", ChatClient.SESSIONS + "/" + session + "/messages", token,
						form, Map.of("Content-Type", contentType)));
				assertThat(response.status()).as(form).isEqualTo(415);
			}
		}
		List<String> forwarded = List.of("unknown", "_hidden", "999.1.1.1", "1.2.3.4, garbage", "[::1%eth0]:80");
		for (String header : forwarded) {
			Response response = keep(
					api.send("GET", ChatClient.SESSIONS, token, null, Map.of("X-Forwarded-For", header)));
			assertThat(response.status()).as(header).isEqualTo(200);
		}
		ReliabilityProfile.report("hostile classes",
				subs.size() + " bad subs -> 401, " + queries.size() + " undecodable queries and forged cursors -> 400, "
						+ forms.size() * 2 + " form/multipart bodies -> 415, " + forwarded.size()
						+ " garbage X-Forwarded-For -> 200, 0 x 500");
		assertNoLeaks(output, List.of(token));
	}

	private static String forgedCursor(long micros) {
		String raw = "v1." + micros + "." + UUID.randomUUID();
		return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
	}

	private static String junkPathPart(Random random) {
		return switch (random.nextInt(8)) {
			case 0 -> UUID.randomUUID().toString();
			case 1 -> Integer.toString(random.nextInt(1000) - 500);
			case 2 -> "%27%3B%20DROP%20TABLE";
			case 3 -> "%20or%201%3D1";
			case 4 -> "%F0%9F%92%A9";
			case 5 -> "..%2F..%2Fetc%2Fpasswd";
			case 6 -> "a%5Cb%7Bc%7D%00";
			default -> Long.toHexString(random.nextLong());
		};
	}

	private static String junkBody(Random random) {
		return switch (random.nextInt(10)) {
			case 0 -> "{\"text\":" + random.nextInt() + "}";
			case 1 -> "{\"text\":\"" + "y".repeat(random.nextInt(5000)) + "\"}";
			case 2 -> "{\"title\":null,\"text\":[1,2,{}]}";
			case 3 -> "[" + "{".repeat(random.nextInt(100));
			case 4 -> "{\"text\":\"\\ud800\"}";
			case 5 -> "\u0000\u0001garbage";
			case 6 -> "{\"title\":\"" + "t".repeat(random.nextInt(300)) + "\"}";
			case 7 -> "{\"text\":\"hi\",\"extra\":{\"deep\":" + "[".repeat(50) + "]".repeat(50) + "}}";
			case 8 -> "";
			default -> "{\"text\":\"fuzz " + random.nextInt() + "\"}";
		};
	}

	private void assertNoLeaks(CapturedOutput output, List<String> tokens) {
		List<String> secrets = new ArrayList<>(List.of(JwtTokens.SECRET, API_KEY, DB_PASSWORD));
		tokens.stream().filter((t) -> t.length() > 20).forEach(secrets::add);
		for (Response response : this.responses) {
			assertThat(response.body()).doesNotContain("Exception", "\tat ", "org.hibernate", "select ", "SQLState")
				.doesNotContain(secrets);
		}
		assertThat(output.getAll()).doesNotContain(secrets);
	}

	private static String rs256SignedWithSecret(String sub) throws Exception {
		Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
		String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
		String payload = b64.encodeToString(
				("{\"sub\":\"" + sub + "\",\"iss\":\"https://auth.example.com\"," + "\"aud\":\"chatkit\",\"exp\":"
						+ (Instant.now().getEpochSecond() + 3600) + "}")
					.getBytes(StandardCharsets.UTF_8));
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(JwtTokens.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		byte[] signature = mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
		return header + "." + payload + "." + b64.encodeToString(signature);
	}

	private static String hs256SignedWithPublicKey(String sub) throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		RSAPublicKey publicKey = (RSAPublicKey) generator.generateKeyPair().getPublic();
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
				JwtTokens.claims(sub, Instant.now().plusSeconds(3600))
					.issuer("https://auth.example.com")
					.audience("chatkit")
					.build());
		jwt.sign(new MACSigner(publicKey.getEncoded()));
		return jwt.serialize();
	}

}
