package io.chatkit.rest.console;

import java.util.List;

import io.chatkit.rest.support.ApiClient;
import io.chatkit.rest.support.ApiClient.Response;
import io.chatkit.rest.support.JwtTokens;
import io.chatkit.rest.support.ServiceIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console as the service serves it outside the dev launcher.
 */
@ServiceIntegrationTest
class ConsoleIntegrationTests {

	@LocalServerPort
	int port;

	ApiClient http;

	@BeforeEach
	void setUp() {
		this.http = new ApiClient(this.port);
	}

	@Test
	void theRootServesTheConsolePageWithAStrictContentSecurityPolicy() {
		Response response = this.http.get("/", null);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Content-Type")).startsWith("text/html");
		assertThat(response.body()).contains("<title>chatkit console</title>").contains("src=\"app.js\"");
		String policy = response.header("Content-Security-Policy");
		assertThat(policy).contains("default-src 'self'")
			.contains("script-src 'self'")
			.contains("style-src 'self'")
			.contains("connect-src 'self'")
			.contains("frame-ancestors 'none'")
			.doesNotContain("unsafe-inline")
			.doesNotContain("unsafe-eval");
		assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
	}

	@Test
	void theConsoleScriptAndStyleAreServedWithThePolicy() {
		Response script = this.http.get("/app.js", null);
		assertThat(script.status()).isEqualTo(200);
		assertThat(script.header("Content-Type")).contains("javascript");
		assertThat(script.header("Content-Security-Policy")).contains("default-src 'self'");
		assertThat(this.http.get("/app.css", null).header("Content-Type")).startsWith("text/css");
	}

	@Test
	void thePageCarriesNoInlineScriptOrStyle() {
		String html = this.http.get("/", null).body();
		assertThat(html).doesNotContainPattern("<script(?![^>]*\\ssrc=)")
			.doesNotContain("<style")
			.doesNotContain(" style=")
			.doesNotContainPattern("\\son[a-z]+=");
	}

	@Test
	void theConsoleConfigSaysDevSignInIsOffOutsideTheDevLauncher() {
		Response response = this.http.get("/console/config.json", null);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Content-Type")).startsWith("application/json");
		assertThat(response.json().path("dev_sign_in").isBoolean()).isTrue();
		assertThat(response.json().path("dev_sign_in").asBoolean()).isFalse();
		assertThat(response.json().path("message_max_chars").asInt()).isEqualTo(4000);
	}

	@Test
	void theVendoredMarkdownLibrariesAreServedAsJavaScriptUnderTheSamePolicy() {
		for (String path : List.of("/vendor/marked.esm.js", "/vendor/purify.es.js")) {
			Response response = this.http.get(path, null);
			assertThat(response.status()).as(path).isEqualTo(200);
			assertThat(response.header("Content-Type")).as(path).startsWith("text/javascript");
			assertThat(response.header("Content-Security-Policy")).contains("default-src 'self'");
		}
	}

	@Test
	void theDevTokenRouteDoesNotExistOutsideTheDevLauncher() {
		Response response = this.http.get("/dev/token?sub=mallory", null);
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.json().path("error").path("code").asString()).isEqualTo("not_found");
	}

	@Test
	void apiResponsesKeepTheirOwnHeadersWithoutThePagePolicy() {
		Response response = this.http.get("/api/v1/chatkit/sessions", JwtTokens.newUser());
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Content-Security-Policy")).isNull();
	}

}
