package io.chatkit.rest.database;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * A PostgreSQL location as hosting providers hand it out
 * ({@code postgresql://user:pass@host:port/db}) or in JDBC form, turned into what a JDBC
 * driver needs.
 *
 * @param jdbcUrl JDBC URL without credentials
 * @param username user name, or {@code null} when the URL carries none
 * @param password password, or {@code null} when the URL carries none
 */
record DatabaseUrl(String jdbcUrl, @Nullable String username, @Nullable String password) {

	static DatabaseUrl parse(String value) {
		String url = value.strip();
		if (url.startsWith("jdbc:postgresql:")) {
			return new DatabaseUrl(url, null, null);
		}
		if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
			throw new IllegalArgumentException(
					"DATABASE_URL must start with postgresql://, postgres:// or jdbc:postgresql:");
		}
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("DATABASE_URL is not a valid URL");
		}
		if (uri.getHost() == null) {
			throw new IllegalArgumentException("DATABASE_URL has no host");
		}
		StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
		if (uri.getPort() != -1) {
			jdbc.append(':').append(uri.getPort());
		}
		jdbc.append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/postgres" : uri.getRawPath());
		if (uri.getRawQuery() != null) {
			jdbc.append('?').append(uri.getRawQuery());
		}
		String user = null;
		String password = null;
		if (uri.getRawUserInfo() != null) {
			String[] parts = uri.getRawUserInfo().split(":", 2);
			user = decode(parts[0]);
			password = (parts.length > 1) ? decode(parts[1]) : null;
		}
		return new DatabaseUrl(jdbc.toString(), user, password);
	}

	private static String decode(String part) {
		return URLDecoder.decode(part, StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return "DatabaseUrl[" + this.jdbcUrl + ", user=" + this.username + "]";
	}

}
