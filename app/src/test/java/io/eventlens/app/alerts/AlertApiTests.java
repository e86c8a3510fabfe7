package io.eventlens.app.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.EventLensAppTest;
import io.eventlens.app.TestKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Alert rules over GraphQL: defined, listed, paused, removed with the right scopes; bad ones refused by code. */
@EventLensAppTest
class AlertApiTests {

    private static final JsonMapper JSON = new JsonMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String DEFINE = """
            mutation($input: AlertInput!) {
              defineAlert(input: $input) {
                id name metric breakdown maxSeries last for resolveAfter webhookUrl paused
                filters { dimension op values } condition { above below changePercent } series { state }
              }
            }""";

    @LocalServerPort
    int port;

    private static Map<String, Object> valid(String name) {
        Map<String, Object> input = new HashMap<>();
        input.put("name", name);
        input.put("metric", "revenue");
        input.put("filters", List.of(Map.of("dimension", "type", "op", "EQ", "values", List.of("purchase"))));
        input.put("breakdown", "country");
        input.put("maxSeries", 5);
        input.put("last", "15m");
        input.put("condition", Map.of("changePercent", -50));
        input.put("for", "2m");
        input.put("resolveAfter", "90s");
        input.put("webhook", Map.of("url", "http://127.0.0.1:9/a", "secret", "0123456789abcdef-secret"));
        input.put("paused", true); // paused: this test's rules never evaluate
        return input;
    }

    @Test
    void anAdminDefinesPausesAndRemovesARuleAndAReaderListsIt() {
        String name = "Revenue drop " + UUID.randomUUID();
        JsonNode alert =
                data(post(TestKeys.ADMIN, DEFINE, Map.of("input", valid(name)))).path("defineAlert");
        String id = alert.path("id").asString();
        assertThat(alert.path("name").asString()).isEqualTo(name);
        assertThat(alert.path("breakdown").asString()).isEqualTo("country");
        assertThat(alert.path("maxSeries").asInt()).isEqualTo(5);
        assertThat(alert.path("last").asString()).isEqualTo("15m");
        assertThat(alert.path("for").asString()).isEqualTo("2m");
        assertThat(alert.path("resolveAfter").asString()).isEqualTo("90s");
        assertThat(alert.path("condition").path("changePercent").asDouble()).isEqualTo(-50.0);
        assertThat(alert.path("condition").path("above").isNull()).isTrue();
        assertThat(alert.path("filters").get(0).path("values").get(0).asString())
                .isEqualTo("purchase");
        assertThat(alert.path("webhookUrl").asString()).isEqualTo("http://127.0.0.1:9/a");
        assertThat(alert.path("series").isEmpty()).isTrue();
        assertThat(alert.toString()).doesNotContain("0123456789abcdef-secret");

        JsonNode listed =
                data(post(TestKeys.READ, "{ alerts { id paused } }", Map.of())).path("alerts");
        assertThat(listed.findValuesAsString("id")).contains(id);

        JsonNode resumed = data(post(
                        TestKeys.ADMIN,
                        "mutation($id: ID!) { pauseAlert(id: $id, paused: false) " + "{ paused } }",
                        Map.of("id", id)))
                .path("pauseAlert");
        assertThat(resumed.path("paused").asBoolean()).isFalse();
        data(post(TestKeys.ADMIN, "mutation($id: ID!) { pauseAlert(id: $id) { paused } }", Map.of("id", id)));
        assertThat(data(post(TestKeys.ADMIN, "mutation { pauseAlert(id: \"no-such-rule\") { paused } }", Map.of()))
                        .path("pauseAlert")
                        .isNull())
                .isTrue();

        assertThat(data(post(TestKeys.ADMIN, "mutation($id: ID!) { removeAlert(id: $id) }", Map.of("id", id)))
                        .path("removeAlert")
                        .asBoolean())
                .isTrue();
        assertThat(data(post(TestKeys.ADMIN, "mutation($id: ID!) { removeAlert(id: $id) }", Map.of("id", id)))
                        .path("removeAlert")
                        .asBoolean())
                .isFalse();
        assertThat(data(post(TestKeys.READ, "{ alertDeadLetters { id } alertHistory(id: \"x\") { id } }", Map.of()))
                        .path("alertHistory")
                        .isEmpty())
                .isTrue();
    }

    @Test
    void aReadKeyMayNotChangeRules() {
        JsonNode answer = post(TestKeys.READ, DEFINE, Map.of("input", valid("read only")));
        assertThat(answer.path("errors").get(0).path("extensions").path("code").asString())
                .isEqualTo("FORBIDDEN");
        JsonNode removal = post(TestKeys.READ, "mutation { removeAlert(id: \"x\") }", Map.of());
        assertThat(removal.path("errors").get(0).path("extensions").path("code").asString())
                .isEqualTo("FORBIDDEN");
    }

    @Test
    void badRulesAreRefusedWithACodeNamingTheField() {
        refused(input -> input.put("metric", "visits"), "UNKNOWN_METRIC", "input.metric");
        refused(input -> input.put("last", "10s"), "INVALID_WINDOW", "input.last");
        refused(input -> input.put("last", "30d"), "INVALID_WINDOW", "input.last");
        refused(input -> input.put("maxSeries", 1000), "TOO_MANY_SERIES", "input.maxSeries");
        refused(input -> input.put("breakdown", "contry"), "UNKNOWN_DIMENSION", "input.breakdown");
        refused(
                input -> input.put("condition", Map.of("above", 1, "below", 2)),
                "INVALID_CONDITION",
                "input.condition");
        refused(
                input -> input.put("webhook", Map.of("url", "not a url", "secret", "0123456789abcdef-secret")),
                "INVALID_WEBHOOK",
                "input.webhook.url");
        refused(
                input -> input.put("webhook", Map.of("url", "http://127.0.0.1:9/a", "secret", "short")),
                "INVALID_WEBHOOK",
                "input.webhook.secret");
        refused(input -> input.put("for", "forever"), "INVALID_ARGUMENT", "input.for");
    }

    /** Events of {@code type}: {@code counts[w]} of them in the middle of the w-th 1-minute window back from now. */
    private static List<Map<String, Object>> perWindow(String type, List<Integer> counts) {
        // Each batch sits mid-window, so it stays in its window for 30 s whatever the evaluation's timing.
        Instant now = Instant.now();
        List<Map<String, Object>> events = new ArrayList<>();
        for (int window = 0; window < counts.size(); window++) {
            Instant at = now.minusSeconds(30 + 60L * window);
            for (int i = 0; i < counts.get(window); i++) {
                events.add(Map.of(
                        "id",
                        UUID.randomUUID().toString(),
                        "type",
                        type,
                        "timestamp",
                        at.plusMillis(i).toString(),
                        "userId",
                        "window-user"));
            }
        }
        return events;
    }

    /** The rule's notifications, newest first, once there is at least one (10 s at most). */
    private JsonNode awaitHistory(String id) throws InterruptedException {
        JsonNode history = JSON.createArrayNode();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (history.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            history = data(post(
                            TestKeys.READ,
                            "query($id: ID) { alertHistory(id: $id) { kind value payload } }",
                            Map.of("id", id)))
                    .path("alertHistory");
        }
        return history;
    }

    @Test
    void aChangeRuleFiresWhenTheWindowRoseAgainstTheOneBefore() throws InterruptedException {
        String type = "change-" + UUID.randomUUID();
        int current = 12;
        int previous = 4;
        double percent = 100.0 * (current - previous) / previous;
        assertThat(percent).as("the change against the window before").isGreaterThan(150);
        Map<String, Object> input = new HashMap<>();
        input.put("name", "Rising " + type);
        input.put("metric", "events");
        input.put("filters", List.of(Map.of("dimension", "type", "op", "EQ", "values", List.of(type))));
        input.put("last", "1m");
        input.put("condition", Map.of("changePercent", 150));
        String id = data(post(TestKeys.ADMIN, DEFINE, Map.of("input", input)))
                .path("defineAlert")
                .path("id")
                .asString();
        HttpResponse<String> ingested = send(
                "/v1/events", TestKeys.INGEST, JSON.writeValueAsString(perWindow(type, List.of(current, previous))));
        assertThat(ingested.statusCode()).as(ingested.body()).isEqualTo(200);

        JsonNode history = awaitHistory(id);
        assertThat(history).as("a FIRING notification within 10 s").hasSize(1);
        assertThat(history.get(0).path("kind").asString()).isEqualTo("FIRING");
        assertThat(history.get(0).path("value").asDouble()).isEqualTo(current);
        data(post(TestKeys.ADMIN, "mutation($id: ID!) { removeAlert(id: $id) }", Map.of("id", id)));
    }

    @Test
    void anAnomalyRuleFiresOnAWindowFarFromTheWindowsBeforeIt() throws InterruptedException {
        String type = "anomaly-" + UUID.randomUUID();
        // Per 1-minute window: the current one, then the three before it.
        int current = 30;
        List<Integer> before = List.of(10, 14, 6);
        double mean = before.stream().mapToInt(Integer::intValue).average().orElseThrow();
        double stddev = Math.sqrt(
                before.stream().mapToDouble(n -> (n - mean) * (n - mean)).sum() / before.size());
        double k = 4;
        assertThat(Math.abs(current - mean) / stddev)
                .as("the current window is an anomaly")
                .isGreaterThan(k);
        assertThat(Math.abs(0 - mean) / stddev)
                .as("an empty window would not be")
                .isLessThan(k);
        List<Integer> counts = new ArrayList<>(List.of(current));
        counts.addAll(before);
        List<Map<String, Object>> events = perWindow(type, counts);
        Map<String, Object> input = new HashMap<>();
        input.put("name", "Odd " + type);
        input.put("metric", "events");
        input.put("filters", List.of(Map.of("dimension", "type", "op", "EQ", "values", List.of(type))));
        input.put("last", "1m");
        input.put("condition", Map.of("anomaly", Map.of("threshold", k, "windows", before.size())));
        JsonNode alert = data(post(
                        TestKeys.ADMIN,
                        DEFINE.replace("changePercent }", "changePercent anomaly { threshold windows } }"),
                        Map.of("input", input)))
                .path("defineAlert");
        String id = alert.path("id").asString();
        assertThat(alert.path("condition").path("anomaly").toString()).isEqualTo("{\"threshold\":4.0,\"windows\":3}");
        assertThat(alert.path("condition").path("above").isNull()).isTrue();

        HttpResponse<String> ingested = send("/v1/events", TestKeys.INGEST, JSON.writeValueAsString(events));
        assertThat(ingested.statusCode()).as(ingested.body()).isEqualTo(200);
        JsonNode history = awaitHistory(id);
        assertThat(history).as("a FIRING notification within 10 s").hasSize(1);
        assertThat(history.get(0).path("kind").asString()).isEqualTo("FIRING");
        assertThat(history.get(0).path("value").asDouble()).isEqualTo(current);
        JsonNode payload = JSON.readTree(history.get(0).path("payload").asString());
        assertThat(payload.path("condition").asString()).isEqualTo("anomaly");
        assertThat(payload.path("threshold").asDouble()).isEqualTo(k);
        assertThat(payload.path("windows").asInt()).isEqualTo(before.size());
        data(post(TestKeys.ADMIN, "mutation($id: ID!) { removeAlert(id: $id) }", Map.of("id", id)));
    }

    @Test
    void badAnomaliesAreRefusedWithACodeNamingTheField() {
        refused(
                input -> input.put("condition", Map.of("anomaly", Map.of("windows", 30))),
                "INVALID_CONDITION",
                "input.condition.anomaly.windows");
        refused(
                input -> input.put("condition", Map.of("anomaly", Map.of("threshold", 0))),
                "INVALID_CONDITION",
                "input.condition.anomaly.threshold");
        refused(
                input -> {
                    input.put("metric", "uniqueUsers");
                    input.put("condition", Map.of("anomaly", Map.of()));
                },
                "INVALID_CONDITION",
                "input.condition.anomaly");
        refused(
                input -> input.put("condition", Map.of("above", 3, "anomaly", Map.of())),
                "INVALID_CONDITION",
                "input.condition");
    }

    private void refused(Consumer<Map<String, Object>> change, String code, String field) {
        Map<String, Object> input = valid("refused");
        change.accept(input);
        JsonNode answer = post(TestKeys.ADMIN, DEFINE, Map.of("input", input));
        JsonNode error = answer.path("errors").get(0);
        assertThat(error).as(answer.toString()).isNotNull();
        assertThat(error.path("extensions").path("code").asString())
                .as(answer.toString())
                .isEqualTo(code);
        assertThat(error.path("extensions").path("field").asString())
                .as(answer.toString())
                .isEqualTo(field);
    }

    private static JsonNode data(JsonNode answer) {
        assertThat(answer.path("errors").isMissingNode()
                        || answer.path("errors").isEmpty())
                .as(answer.toString())
                .isTrue();
        return answer.path("data");
    }

    private JsonNode post(String key, String query, Map<String, Object> variables) {
        return JSON.readTree(
                send("/graphql", key, JSON.writeValueAsString(Map.of("query", query, "variables", variables)))
                        .body());
    }

    private HttpResponse<String> send(String path, String key, String body) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                            .header("Content-Type", "application/json")
                            .header("Authorization", TestKeys.bearer(key))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
