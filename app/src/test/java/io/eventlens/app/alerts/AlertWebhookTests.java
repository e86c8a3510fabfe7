package io.eventlens.app.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.EventLensApplication;
import io.eventlens.app.TestKeys;
import io.eventlens.app.TestRun;
import io.eventlens.realtime.RedisEndpoint;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Threshold rules end to end, against a webhook receiver started here: events that cross the line bring exactly one
 * signed FIRING notification within 5 seconds, the window moving past them exactly one RESOLVED; stopping and
 * starting the app mid-incident neither repeats a notification nor loses one that was not yet delivered.
 */
class AlertWebhookTests {

    private static final String SECRET = "test-webhook-secret-0123456789";
    private static final Duration WITHIN = Duration.ofSeconds(5);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DEFINE = """
            mutation Define($input: AlertInput!) { defineAlert(input: $input) { id last for } }""";
    private static final String STATES = """
            query { alerts { id series { series state incident } } }""";

    @Test
    void firesOnceSignedResolvesOnceAndARestartNeitherRepeatsNorLoses() throws Exception {
        Path dataDir = Path.of("target", "test-data", TestRun.ID, "alerts-" + UUID.randomUUID());
        String onTime = "alert-on-time-" + UUID.randomUUID();
        String late = "alert-late-" + UUID.randomUUID();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            ConfigurableApplicationContext first = start(dataDir);
            String onTimeRule;
            try {
                int port = port(first);
                onTimeRule = define(port, onTime, receiver.url("/on-time"));
                String lateRule = define(port, late, receiver.url("/late"));
                // Both cross "more than 4 events in the last minute" at once, and stay above it for 32 s: long
                // enough for a restart (about 11 s), short enough for the window to move past them within the test.
                Instant stamped = Instant.now().minusSeconds(28).truncatedTo(ChronoUnit.MILLIS);
                receiver.status.set(200);
                long sent = System.nanoTime();
                ingest(port, onTime, stamped, 5);
                receiver.await(
                        WITHIN,
                        "the FIRING notification",
                        calls -> receiver.accepted("/on-time").size() == 1);
                Duration took = Duration.ofNanos(System.nanoTime() - sent);
                System.out.printf("FIRING webhook received %d ms after the crossing batch was sent%n", took.toMillis());
                assertThat(took).isLessThan(WITHIN);
                WebhookReceiver.Call firing = receiver.accepted("/on-time").getFirst();
                assertSigned(firing);
                Map<String, Object> body = JSON.readValue(firing.body(), Map.class);
                assertThat(body)
                        .containsEntry("kind", "FIRING")
                        .containsEntry("alertId", onTimeRule)
                        .containsEntry("value", 5.0)
                        .containsEntry("incident", 1)
                        .containsEntry("id", firing.delivery());
                assertThat(firing.event()).isEqualTo("FIRING");

                // The second rule's webhook is down: its FIRING notification is recorded, tried, not delivered.
                receiver.status.set(503);
                ingest(port, late, stamped, 5);
                receiver.await(
                        WITHIN,
                        "a failed call to the late webhook",
                        calls -> calls.stream().anyMatch(call -> call.path().equals("/late")));
                assertThat(state(port, onTimeRule)).isEqualTo("FIRING");
                assertThat(state(port, lateRule)).isEqualTo("FIRING");
            } finally {
                first.close();
            }

            receiver.status.set(200);
            ConfigurableApplicationContext second = start(dataDir);
            try {
                int port = port(second);
                // Not lost: the undelivered notification goes out from the restarted app, under its first id.
                receiver.await(
                        Duration.ofSeconds(15),
                        "the late FIRING after the restart",
                        calls -> receiver.accepted("/late").size() == 1);
                WebhookReceiver.Call lateFiring = receiver.accepted("/late").getFirst();
                assertSigned(lateFiring);
                assertThat(lateFiring.event()).isEqualTo("FIRING");
                assertThat(receiver.calls().stream()
                                .filter(call -> call.path().equals("/late"))
                                .map(WebhookReceiver.Call::delivery)
                                .distinct())
                        .containsExactly(lateFiring.delivery());
                assertThat(state(port, onTimeRule))
                        .as("still firing after the restart")
                        .isEqualTo("FIRING");

                // Resolved once each when the minute has passed the events; nothing repeated.
                receiver.await(
                        Duration.ofSeconds(60),
                        "both RESOLVED notifications",
                        calls -> receiver.accepted("/on-time").size() == 2
                                && receiver.accepted("/late").size() == 2);
                Thread.sleep(1500); // a repeat would come within the delivery interval
                for (String path : List.of("/on-time", "/late")) {
                    List<WebhookReceiver.Call> accepted = receiver.accepted(path);
                    assertThat(accepted).extracting(WebhookReceiver.Call::event).containsExactly("FIRING", "RESOLVED");
                    assertSigned(accepted.get(1));
                    Map<String, Object> resolved =
                            JSON.readValue(accepted.get(1).body(), Map.class);
                    assertThat(resolved).containsEntry("kind", "RESOLVED").containsEntry("incident", 1);
                }
                assertThat(state(port, onTimeRule)).isEqualTo("OK");
            } finally {
                second.close();
            }
        }
    }

    @Test
    void twoInstancesDeliverEachNotificationOnce() throws Exception {
        Path dataDir = Path.of("target", "test-data", TestRun.ID, "alerts-a-" + UUID.randomUUID());
        String type = "alert-two-" + UUID.randomUUID();
        try (WebhookReceiver receiver = new WebhookReceiver();
                ConfigurableApplicationContext a = start(dataDir);
                ConfigurableApplicationContext b = new SpringApplicationBuilder(EventLensApplication.class)
                        .run(
                                "--server.port=0",
                                "--eventlens.data-dir=" + dataDir.resolveSibling(dataDir.getFileName() + "-b"),
                                "--eventlens.storage.postgres.host=localhost",
                                "--eventlens.storage.postgres.port="
                                        + a.getBean(EmbeddedPostgres.class).getPort(),
                                "--eventlens.storage.postgres.database=eventlens",
                                "--eventlens.storage.postgres.username=postgres",
                                "--eventlens.redis.url="
                                        + a.getBean(RedisEndpoint.class).url(),
                                "--eventlens.alerts.rules-refresh=200ms",
                                "--eventlens.alerts.refresh=200ms",
                                "--eventlens.alerts.delivery-interval=100ms",
                                "--eventlens.alerts.webhook-timeout=1s",
                                TestKeys.arguments()[0],
                                TestKeys.arguments()[1],
                                TestKeys.arguments()[2],
                                TestKeys.arguments()[3])) {
            define(port(b), type, receiver.url("/two"));
            // Half the events through each instance: both see every batch, one evaluates.
            Instant stamped = Instant.now().minusSeconds(20).truncatedTo(ChronoUnit.MILLIS);
            ingest(port(a), type, stamped, 3);
            ingest(port(b), type, stamped.plusMillis(10), 2);
            receiver.await(
                    WITHIN,
                    "the FIRING notification",
                    calls -> receiver.accepted("/two").size() == 1);
            Thread.sleep(2000); // a second evaluator or deliverer would have called by now
            assertThat(receiver.calls()).hasSize(1);
            assertSigned(receiver.calls().getFirst());
        }
    }

    private static void assertSigned(WebhookReceiver.Call call) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected =
                "sha256=" + HexFormat.of().formatHex(mac.doFinal(call.body().getBytes(StandardCharsets.UTF_8)));
        assertThat(call.signature()).isEqualTo(expected);
    }

    private static ConfigurableApplicationContext start(Path dataDir) {
        return new SpringApplicationBuilder(EventLensApplication.class)
                .run(
                        "--eventlens.data-dir=" + dataDir,
                        "--eventlens.embedded-postgres.port=0",
                        "--eventlens.embedded-redis.port=0",
                        "--server.port=0",
                        "--eventlens.alerts.rules-refresh=200ms",
                        "--eventlens.alerts.refresh=200ms",
                        "--eventlens.alerts.delivery-interval=100ms",
                        "--eventlens.alerts.initial-backoff=300ms",
                        "--eventlens.alerts.webhook-timeout=1s",
                        TestKeys.arguments()[0],
                        TestKeys.arguments()[1],
                        TestKeys.arguments()[2],
                        TestKeys.arguments()[3]);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static WebTestClient client(int port) {
        return WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** "More than 4 events of this type in the last minute", firing at once, resolving at once. */
    private static String define(int port, String type, String url) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("name", "Too many " + type);
        input.put("metric", "events");
        input.put("filters", List.of(Map.of("dimension", "type", "op", "EQ", "values", List.of(type))));
        input.put("last", "1m");
        input.put("condition", Map.of("above", 4));
        input.put("webhook", Map.of("url", url, "secret", SECRET));
        Map<String, Object> data = graphQl(port, DEFINE, Map.of("input", input));
        @SuppressWarnings("unchecked")
        Map<String, Object> alert = (Map<String, Object>) data.get("defineAlert");
        assertThat(alert).containsEntry("last", "1m").containsEntry("for", "0s");
        return (String) alert.get("id");
    }

    /** The state of the rule's only series, OK before it was ever stored. */
    @SuppressWarnings("unchecked")
    private static String state(int port, String rule) {
        List<Map<String, Object>> alerts =
                (List<Map<String, Object>>) graphQl(port, STATES, Map.of()).get("alerts");
        Map<String, Object> alert = alerts.stream()
                .filter(a -> a.get("id").equals(rule))
                .findFirst()
                .orElseThrow();
        List<Map<String, Object>> series = (List<Map<String, Object>>) alert.get("series");
        return series.isEmpty() ? "OK" : (String) series.getFirst().get("state");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> graphQl(int port, String query, Map<String, Object> variables) {
        Map<String, Object> response = client(port)
                .post()
                .uri("/graphql")
                .header(HttpHeaders.AUTHORIZATION, TestKeys.bearer(TestKeys.ADMIN))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("query", query, "variables", variables))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                .returnResult()
                .getResponseBody();
        assertThat(response).as("GraphQL answer").doesNotContainKey("errors");
        return (Map<String, Object>) response.get("data");
    }

    private static void ingest(int port, String type, Instant at, int count) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(Map.of(
                    "id",
                    UUID.randomUUID().toString(),
                    "type",
                    type,
                    "timestamp",
                    at.plusMillis(i).toString(),
                    "userId",
                    "alert-user-" + i));
        }
        client(port)
                .post()
                .uri("/v1/events")
                .header(HttpHeaders.AUTHORIZATION, TestKeys.bearer(TestKeys.INGEST))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(events)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.accepted")
                .isEqualTo(count);
    }
}
