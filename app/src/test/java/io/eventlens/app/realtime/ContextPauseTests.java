package io.eventlens.app.realtime;

import static io.eventlens.app.realtime.LiveSubscriptionTests.LIVE_REPORT;
import static io.eventlens.app.realtime.LiveSubscriptionTests.totals;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.EventLensAppTest;
import io.eventlens.app.TestKeys;
import io.eventlens.app.realtime.Ingest.Sent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The test framework pauses a cached context when a test class needs another one and restarts it for the next class
 * that needs it again. A pause with live reports open completes them; after the restart, live reports are served as
 * before. Once an alert rule's watch (a live report subscriber of its own) made the stop fail, and the restarted
 * context completed every new subscription at once: IncrementalLiveReportTests failed in CI after such a switch.
 */
@EventLensAppTest
class ContextPauseTests {

    private static final JsonMapper JSON = new JsonMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String DEFINE = "mutation($input: AlertInput!) { defineAlert(input: $input) { id } }";

    @Autowired
    ConfigurableApplicationContext context;

    @LocalServerPort
    int port;

    @Test
    void aPauseCompletesOpenLiveReportsAndTheRestartedContextServesNewOnes() throws InterruptedException {
        String type = "pause-" + UUID.randomUUID();
        String rule = graphQl(DEFINE, Map.of("input", pendingRule(type)))
                .path("defineAlert")
                .path("id")
                .asString();
        try {
            awaitPending(rule);
            pauseAndRestart(type);
        } finally {
            graphQl("mutation($id: ID!) { removeAlert(id: $id) }", Map.of("id", rule));
        }
    }

    /** Pending for an hour once watched: it never fires, so no webhook is ever tried. */
    private static Map<String, Object> pendingRule(String type) {
        Map<String, Object> input = new HashMap<>();
        input.put("name", "Watched through a pause " + type);
        input.put("metric", "events");
        input.put("filters", List.of(Map.of("dimension", "type", "op", "EQ", "values", List.of(type))));
        input.put("last", "15m");
        input.put("condition", Map.of("above", -1));
        input.put("for", "1h");
        input.put("webhook", Map.of("url", "http://127.0.0.1:9/never", "secret", "0123456789abcdef-secret"));
        return input;
    }

    private void pauseAndRestart(String type) {
        Map<String, Object> input = Map.of(
                "metrics",
                List.of("events"),
                "last",
                "15m",
                "filters",
                List.of(Map.of("dimension", "type", "op", "EQ", "values", List.of(type))));
        try (LiveClient before = LiveClient.connect(port)) {
            String id = before.subscribe(LIVE_REPORT, Map.of("input", input, "refreshMs", 100));
            assertThat(before.next(id).type()).isEqualTo("next");
            context.pause();
            try {
                assertThat(before.await(id, message -> !message.type().equals("next"))
                                .type())
                        .isEqualTo("complete");
            } finally {
                context.restart();
            }
        }

        try (LiveClient after = LiveClient.connect(port)) {
            String id = after.subscribe(LIVE_REPORT, Map.of("input", input, "refreshMs", 100));
            assertThat(totals(after.next(id))).containsExactly(0.0);
            Ingest.send(port, List.of(new Sent(UUID.randomUUID(), type, Instant.now(), "user-1", "DE", 1.0)));
            assertThat(totals(after.await(id, message -> totals(message).getFirst() == 1.0)))
                    .containsExactly(1.0);
        }
    }

    /** Until the rule's watch has had its first report: it is a subscriber of its live report from then on. */
    private void awaitPending(String rule) throws InterruptedException {
        long deadline = System.nanoTime() + LiveClient.TIMEOUT.toNanos();
        while (true) {
            for (JsonNode alert :
                    graphQl("{ alerts { id series { state } } }", Map.of()).path("alerts")) {
                if (alert.path("id").asString().equals(rule)
                        && alert.path("series").toString().contains("PENDING")) {
                    return;
                }
            }
            assertThat(System.nanoTime()).as("rule %s pending in time", rule).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private JsonNode graphQl(String query, Map<String, Object> variables) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/graphql"))
                            .header("Content-Type", "application/json")
                            .header("Authorization", TestKeys.bearer(TestKeys.ADMIN))
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    JSON.writeValueAsString(Map.of("query", query, "variables", variables))))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode answer = JSON.readTree(response.body());
            assertThat(answer.path("errors").isMissingNode())
                    .as(answer.toString())
                    .isTrue();
            return answer.path("data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
