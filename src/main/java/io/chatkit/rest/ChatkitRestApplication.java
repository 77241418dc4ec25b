package io.chatkit.rest;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point of chatkit-rest: authenticated chat sessions whose assistant replies are
 * streamed over Server-Sent Events.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ChatkitRestApplication {

	/**
	 * The JDK HttpClient's read buffer per upstream connection (JDK default 16 KiB). An
	 * upstream connection stays open for the whole reply, streaming chunks well under a
	 * kilobyte, so 4 KiB holds any of them and keeps 12 KiB less per open stream.
	 */
	static final String HTTP_CLIENT_BUFFER = "4096";

	public static void main(String[] args) {
		if (System.getProperty("jdk.httpclient.bufsize") == null) {
			// read once, when the first client is made
			System.setProperty("jdk.httpclient.bufsize", HTTP_CLIENT_BUFFER);
		}
		SpringApplication.run(ChatkitRestApplication.class, args);
	}

}
