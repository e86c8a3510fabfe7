package io.eventlens.app.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.ChildJvm;
import io.eventlens.app.EventLensApplication;
import io.eventlens.app.TestKeys;
import io.eventlens.app.TestRun;
import io.eventlens.app.embedded.LeftBehindServers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code kill -9} of the app mid-incident, with a notification in each place it can be when the process dies:
 * delivered and recorded, in flight (the receiver has it, the app never saw the answer), and recorded but not
 * delivered (its webhook failing). The app runs in a child JVM and is restarted on the same data. Each rule's receiver
 * then sees exactly two notification ids, one FIRING and one RESOLVED, of incident 1: no transition lost or repeated.
 * Delivery is at least once: the in-flight one comes again after the restart, with the same id and the same signed
 * body, so a receiver dropping repeats by id sees each transition once; the other two are called exactly once each.
 */
class AlertCrashTests {

    private static final String SECRET = "test-webhook-secret-0123456789";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final JsonMapper JSON = new JsonMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<String> PATHS = List.of("/delivered", "/in-flight", "/undelivered");

    private final Path dataDir =
            Path.of("target", "test-data", TestRun.ID, "alert-crash-" + RUN).toAbsolutePath();
    private final List<Process> apps = new ArrayList<>();

    @Test
    void aKillMidIncidentNeitherLosesNorRepeatsATransition() throws Exception {
        int http = freePort();
        int postgres = freePort();
        int redis = freePort();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Process first = start(1, http, postgres, redis);
            Map<String, String> rules = new LinkedHashMap<>();
            for (String path : PATHS) {
                rules.put(path, define(http, type(path), receiver.url(path)));
            }
            receiver.answer("/in-flight", WebhookReceiver.HOLD);
            receiver.answer("/undelivered", 503);
            // Above "more than 4 in the last minute" for 30 s: through the kill and the restart (about 11 s here),
            // then resolved. On a slower machine the restarted app may find them gone and resolve at once.
            Instant stamped = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
            List<Map<String, Object>> events = new ArrayList<>();
            for (String path : PATHS) {
                for (int i = 0; i < 5; i++) {
                    events.add(Map.of(
                            "id",
                            UUID.randomUUID().toString(),
                            "type",
                            type(path),
                            "timestamp",
                            stamped.plusMillis(i).toString(),
                            "userId",
                            "crash-user-" + i));
                }
            }
            HttpResponse<String> ingested = post(http, "/v1/events", TestKeys.INGEST, JSON.writeValueAsString(events));
            assertThat(ingested.statusCode()).as(ingested.body()).isEqualTo(200);

            receiver.await(
                    Duration.ofSeconds(15),
                    "a call to each webhook",
                    calls -> PATHS.stream()
                            .allMatch(path ->
                                    calls.stream().anyMatch(call -> call.path().equals(path))));
            awaitStatus(http, rules.get("/delivered"), "DELIVERED");
            for (String path : PATHS) {
                assertThat(series(http, rules.get(path)))
                        .as(path)
                        .containsEntry("state", "FIRING")
                        .containsEntry("incident", 1);
            }
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no answer to the held call
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            receiver.answer("/in-flight", 200);
            receiver.answer("/undelivered", 200);

            long restarting = System.nanoTime();
            Process second = start(2, http, postgres, redis);
            System.out.printf("AlertCrashTests: restarted in %d ms%n", (System.nanoTime() - restarting) / 1_000_000);
            receiver.await(
                    Duration.ofSeconds(30),
                    "the in-flight and the undelivered FIRING after the restart",
                    calls -> receiver.accepted("/in-flight").size() == 1
                            && receiver.accepted("/undelivered").size() == 1);
            boolean inWindow = Instant.now().isBefore(stamped.plusSeconds(57));
            for (String path : PATHS) {
                Map<String, Object> series = series(http, rules.get(path));
                // Still in the window: still FIRING, not fired anew; past it: resolved, still incident 1.
                assertThat(series).as(path).containsEntry("incident", 1);
                if (inWindow) {
                    assertThat(series).as(path).containsEntry("state", "FIRING");
                }
            }

            receiver.await(
                    Duration.ofSeconds(75),
                    "every RESOLVED notification",
                    calls -> PATHS.stream()
                            .allMatch(path -> receiver.accepted(path).size() == 2));
            Thread.sleep(1500); // a repeat would come within the delivery interval

            for (String path : PATHS) {
                List<WebhookReceiver.Call> calls = receiver.calls().stream()
                        .filter(call -> call.path().equals(path))
                        .toList();
                for (WebhookReceiver.Call call : calls) {
                    assertSigned(call);
                }
                // Calls by notification id: one FIRING and one RESOLVED, every call of an id byte for byte alike.
                Map<String, List<WebhookReceiver.Call>> byId = calls.stream()
                        .collect(Collectors.groupingBy(
                                WebhookReceiver.Call::delivery, LinkedHashMap::new, Collectors.toList()));
                assertThat(byId).as(path + ": " + calls).hasSize(2);
                List<String> kinds = new ArrayList<>();
                for (List<WebhookReceiver.Call> repeats : byId.values()) {
                    assertThat(repeats)
                            .extracting(WebhookReceiver.Call::body)
                            .containsOnly(repeats.getFirst().body());
                    Map<String, Object> body = JSON.readValue(repeats.getFirst().body(), Map.class);
                    assertThat(body)
                            .containsEntry("id", repeats.getFirst().delivery())
                            .containsEntry("incident", 1)
                            .containsEntry("alertId", rules.get(path));
                    kinds.add((String) body.get("kind"));
                }
                assertThat(kinds).as(path).containsExactly("FIRING", "RESOLVED");
                assertThat(receiver.accepted(path))
                        .extracting(WebhookReceiver.Call::event)
                        .as(path + ": each notification accepted once")
                        .containsExactly("FIRING", "RESOLVED");
                JsonNode history = graphQl(
                                http,
                                "query($id: ID) { alertHistory(id: $id) { kind incident status } }",
                                Map.of("id", rules.get(path)))
                        .path("alertHistory");
                assertThat(history.toString())
                        .as(path + ": stored notifications, newest first")
                        .isEqualTo("[{\"kind\":\"RESOLVED\",\"incident\":1,\"status\":\"DELIVERED\"},"
                                + "{\"kind\":\"FIRING\",\"incident\":1,\"status\":\"DELIVERED\"}]");
            }
            // Delivered and recorded before the kill: never sent again.
            assertThat(receiver.calls().stream().filter(call -> call.path().equals("/delivered")))
                    .hasSize(2);
            // In flight at the kill: the held call, then the same notification once more after the restart.
            List<WebhookReceiver.Call> inFlight = receiver.calls().stream()
                    .filter(call -> call.path().equals("/in-flight") && "FIRING".equals(call.event()))
                    .toList();
            assertThat(inFlight).extracting(WebhookReceiver.Call::answered).containsExactly(WebhookReceiver.HOLD, 200);
            // Recorded, not delivered: failed calls before the kill, one accepted after; all under one id.
            List<WebhookReceiver.Call> undelivered = receiver.calls().stream()
                    .filter(call -> call.path().equals("/undelivered") && "FIRING".equals(call.event()))
                    .toList();
            assertThat(undelivered.getLast().answered()).isEqualTo(200);
            assertThat(undelivered.subList(0, undelivered.size() - 1))
                    .isNotEmpty()
                    .allMatch(call -> call.answered() == 503);

            second.destroy();
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static String type(String path) {
        return "alert-crash" + path.replace('/', '-') + "-" + RUN;
    }

    /** Starts the app in a child JVM on this test's data and ports, alerts tuned to act within a second. */
    private Process start(int attempt, int http, int postgres, int redis) throws Exception {
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-start-" + attempt + ".log");
        List<String> arguments = new ArrayList<>(List.of(
                "--eventlens.data-dir=" + dataDir,
                "--server.port=" + http,
                "--eventlens.embedded-postgres.port=" + postgres,
                "--eventlens.embedded-redis.port=" + redis,
                "--eventlens.alerts.rules-refresh=200ms",
                "--eventlens.alerts.refresh=200ms",
                "--eventlens.alerts.delivery-interval=100ms",
                "--eventlens.alerts.initial-backoff=300ms",
                // A claim lasts 6 webhook timeouts: 6 s until the in-flight call is tried again.
                "--eventlens.alerts.webhook-timeout=1s",
                // The killed evaluator's Redis lease, if Redis kept it, runs out quickly.
                "--eventlens.alerts.lease=3s"));
        arguments.addAll(List.of(TestKeys.arguments()));
        Process app = ChildJvm.start(
                log,
                List.of("-XX:TieredStopAtLevel=1", "-Xmx512m"),
                EventLensApplication.class,
                arguments.toArray(String[]::new));
        apps.add(app);
        ChildJvm.awaitLine(app, log, "Started EventLensApplication", Duration.ofSeconds(90));
        return app;
    }

    /** "More than 4 events of this type in the last minute", firing and resolving at once. */
    private static String define(int port, String type, String url) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("name", "Crash " + type);
        input.put("metric", "events");
        input.put("filters", List.of(Map.of("dimension", "type", "op", "EQ", "values", List.of(type))));
        input.put("last", "1m");
        input.put("condition", Map.of("above", 4));
        input.put("webhook", Map.of("url", url, "secret", SECRET));
        return graphQl(
                        port,
                        "mutation($input: AlertInput!) { defineAlert(input: $input) { id } }",
                        Map.of("input", input))
                .path("defineAlert")
                .path("id")
                .asString();
    }

    /** The rule's only series as {@code {state, incident}}. */
    private static Map<String, Object> series(int port, String rule) {
        for (JsonNode alert : graphQl(port, "{ alerts { id series { state incident } } }", Map.of())
                .path("alerts")) {
            if (alert.path("id").asString().equals(rule)) {
                JsonNode series = alert.path("series");
                return series.isEmpty()
                        ? Map.of("state", "OK", "incident", 0)
                        : Map.of(
                                "state",
                                series.get(0).path("state").asString(),
                                "incident",
                                series.get(0).path("incident").asInt());
            }
        }
        throw new AssertionError("no rule " + rule);
    }

    private static void awaitStatus(int port, String rule, String status) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String seen = "";
        while (System.nanoTime() < deadline) {
            seen = graphQl(port, "query($id: ID) { alertHistory(id: $id) { kind status } }", Map.of("id", rule))
                    .path("alertHistory")
                    .toString();
            if (seen.contains("\"status\":\"" + status + "\"")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no notification " + status + " in time: " + seen);
    }

    private static JsonNode graphQl(int port, String query, Map<String, Object> variables) {
        HttpResponse<String> response = post(
                port,
                "/graphql",
                TestKeys.ADMIN,
                JSON.writeValueAsString(Map.of("query", query, "variables", variables)));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("errors").isMissingNode() || body.path("errors").isEmpty())
                .as(body.toString())
                .isTrue();
        return body.path("data");
    }

    private static HttpResponse<String> post(int port, String path, String key, String body) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                            .timeout(Duration.ofSeconds(20))
                            .header("Content-Type", "application/json")
                            .header("Authorization", TestKeys.bearer(key))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertSigned(WebhookReceiver.Call call) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected =
                "sha256=" + HexFormat.of().formatHex(mac.doFinal(call.body().getBytes(StandardCharsets.UTF_8)));
        assertThat(call.signature()).as(call.toString()).isEqualTo(expected);
    }

    @AfterEach
    void endWhatIsLeft() throws Exception {
        for (Process app : apps) {
            if (app.isAlive()) {
                app.destroy();
                if (!app.waitFor(60, TimeUnit.SECONDS)) {
                    app.destroyForcibly();
                }
            }
        }
        LeftBehindServers.stop(dataDir);
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
