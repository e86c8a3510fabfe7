package io.eventlens.app.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.access.Client;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/** The readiness and liveness probes as a load balancer reads them. */
final class HealthProbes {

    private HealthProbes() {}

    /** Polls readiness until it has {@code status}; the HTTP status must agree (503 while DOWN). */
    static JsonNode awaitReadiness(Client client, String status, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            HttpResponse<String> response = client.send(null, "GET", "/actuator/health/readiness", null, null);
            JsonNode body = Client.JSON.readTree(response.body());
            if (body.path("status").asString().equals(status)) {
                assertThat(response.statusCode()).isEqualTo(status.equals("UP") ? 200 : 503);
                return body;
            }
            assertThat(System.nanoTime())
                    .as("readiness not " + status + " within " + within + ": " + body)
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** Liveness stays UP whatever readiness says: a restart would not bring a database back. */
    static void assertLive(Client client) {
        HttpResponse<String> response = client.send(null, "GET", "/actuator/health/liveness", null, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Client.JSON.readTree(response.body()).path("status").asString())
                .isEqualTo("UP");
    }
}
