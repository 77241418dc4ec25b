package io.chatkit.rest.database;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public liveness-and-database check at {@code /health}, for load balancers and
 * uptime probes that cannot reach the management port.
 */
@RestController
class HealthController {

	private final JdbcTemplate jdbc;

	HealthController(JdbcTemplate jdbc) {
		this.jdbc = new JdbcTemplate(jdbc.getDataSource());
		this.jdbc.setQueryTimeout(2);
	}

	@GetMapping("/health")
	ResponseEntity<Map<String, String>> health() {
		try {
			this.jdbc.queryForObject("SELECT 1", Integer.class);
			return ResponseEntity.ok(Map.of("status", "healthy"));
		}
		catch (RuntimeException ex) {
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("status", "unhealthy"));
		}
	}

}
