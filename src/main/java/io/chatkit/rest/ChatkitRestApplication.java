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

	public static void main(String[] args) {
		SpringApplication.run(ChatkitRestApplication.class, args);
	}

}
