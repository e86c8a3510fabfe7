package io.eventlens.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.EventLensApplication;
import io.eventlens.app.TestKeys;
import io.eventlens.app.TestRun;
import io.eventlens.app.access.Client;
import io.eventlens.app.realtime.LiveClient;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Scrapes {@code /actuator/prometheus} of an app of the test's own (a {@code @SpringBootTest} would get an in-memory
 * registry instead of Prometheus) around ingest, reports, rate-limit refusals and live pushes, and finds each meter
 * moved by exactly what the test did.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusEndpointTests {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private ConfigurableApplicationContext app;
    private Client client;
    private int port;

    @BeforeAll
    void start() {
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--eventlens.data-dir=target/test-data/" + TestRun.ID + "/metrics",
                "--eventlens.embedded-postgres.port=0",
                "--eventlens.embedded-redis.port=0"));
        arguments.addAll(List.of(TestKeys.arguments()));
        app = new SpringApplicationBuilder(EventLensApplication.class).run(arguments.toArray(String[]::new));
        port = ((WebServerApplicationContext) app).getWebServer().getPort();
        client = new Client(port);
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void ingestMetersCountAcceptedDuplicateAndRejectedEventsByReason() {
        List<String> ids = new ArrayList<>();
        StringBuilder first = new StringBuilder("[");
        for (int i = 0; i < 20; i++) {
            ids.add(UUID.randomUUID().toString());
            first.append(event(ids.getLast(), "metrics_ingest")).append(',');
        }
        first.append("{\"type\":\"metrics_ingest\",\"country\":\"XX\"},");
        first.append("{\"type\":\"metrics_ingest\",\"colour\":\"red\"}]");
        String second = String.join(
                "\n",
                event(ids.get(0), "metrics_ingest"),
                event(ids.get(1), "metrics_ingest"),
                event(ids.get(2), "metrics_ingest"),
                event(UUID.randomUUID().toString(), "metrics_ingest"),
                "{not json");
        Scrape before = Scrape.of(client);

        assertThat(ingest("application/json", first.toString()).statusCode()).isEqualTo(200);
        assertThat(ingest("application/x-ndjson", second).statusCode()).isEqualTo(200);

        Scrape after = Scrape.of(client);
        assertThat(delta(before, after, "eventlens_ingest_events_total", "outcome", "accepted"))
                .isEqualTo(21);
        assertThat(delta(before, after, "eventlens_ingest_events_total", "outcome", "duplicate"))
                .isEqualTo(3);
        assertThat(delta(before, after, "eventlens_ingest_events_total", "outcome", "rejected", "reason", "country"))
                .isEqualTo(1);
        assertThat(delta(
                        before,
                        after,
                        "eventlens_ingest_events_total",
                        "outcome",
                        "rejected",
                        "reason",
                        "unknown_field"))
                .isEqualTo(1);
        assertThat(delta(before, after, "eventlens_ingest_events_total", "outcome", "rejected", "reason", "unreadable"))
                .isEqualTo(1);
        assertThat(delta(before, after, "eventlens_ingest_latency_seconds_count", "outcome", "acknowledged"))
                .isEqualTo(2);
        // The client's unknown field name never becomes a tag value.
        assertThat(after.samples()).noneMatch(sample -> sample.labels().containsValue("colour"));
    }

    @Test
    void reportMetersTellStorageReadsFromCacheHits() {
        String type = "metrics_report_" + UUID.randomUUID().toString().substring(0, 8);
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(10));
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 7; i++) {
            batch.append(i == 0 ? "" : ",")
                    .append("{\"type\":\"")
                    .append(type)
                    .append("\",\"timestamp\":\"")
                    .append(day.plus(Duration.ofHours(i + 1)))
                    .append("\"}");
        }
        assertThat(ingest("application/json", batch.append(']').toString()).statusCode())
                .isEqualTo(200);
        String report = """
                query($from: DateTime!, $to: DateTime!, $type: String!) {
                  report(input: {metrics: ["events"], from: $from, to: $to,
                      filters: [{dimension: "type", op: EQ, values: [$type]}]}) { totals meta { cached source } }
                }""";
        Map<String, Object> variables = Map.of(
                "from", day.toString(), "to", day.plus(Duration.ofDays(1)).toString(), "type", type);
        Scrape before = Scrape.of(client);

        JsonNode computed = client.data(TestKeys.READ, report, variables).path("report");
        JsonNode cached = client.data(TestKeys.READ, report, variables).path("report");

        assertThat(computed.path("totals").get(0).asDouble()).isEqualTo(7);
        assertThat(computed.path("meta").path("cached").asBoolean()).isFalse();
        assertThat(cached.path("meta").path("cached").asBoolean()).isTrue();
        Scrape after = Scrape.of(client);
        assertThat(delta(before, after, "eventlens_report_cache_lookups_total", "result", "miss"))
                .isEqualTo(1);
        assertThat(delta(before, after, "eventlens_report_cache_lookups_total", "result", "hit"))
                .isEqualTo(1);
        assertThat(delta(before, after, "eventlens_report_latency_seconds_count"))
                .isEqualTo(1);
        String source = computed.path("meta").path("source").asString();
        String expectedSource = !source.contains("rollup") ? "raw" : source.contains("events") ? "mixed" : "rollups";
        assertThat(delta(before, after, "eventlens_report_latency_seconds_count", "source", expectedSource))
                .isEqualTo(1);
    }

    @Test
    void rateLimitRefusalsAreCountedByLimit() {
        Client.Tenant tenant =
                client.newProject("metrics" + UUID.randomUUID().toString().substring(0, 8));
        client.data(
                TestKeys.SERVER,
                "mutation($p: ID) { setProjectLimits(project: $p, limits: "
                        + "{queriesPerSecond: 1, ingestEventsPerSecond: 1000}) { id } }",
                Map.of("p", tenant.id()));
        Scrape before = Scrape.of(client);
        int refused = 0;
        for (int i = 0; i < 6; i++) {
            JsonNode answer = client.graphQl(tenant.read(), "{ catalog { metrics { name } } }", Map.of());
            if ("RATE_LIMITED"
                    .equals(answer.path("errors")
                            .path(0)
                            .path("extensions")
                            .path("code")
                            .asString())) {
                refused++;
            }
        }
        assertThat(refused).isPositive();
        assertThat(delta(before, Scrape.of(client), "eventlens_ratelimit_refusals_total", "limit", "queries"))
                .isEqualTo(refused);
    }

    @Test
    void liveMetersCountOpenSubscriptionsAndPushedEvents() throws InterruptedException {
        String type = "metrics_live_" + UUID.randomUUID().toString().substring(0, 8);
        Scrape before = Scrape.of(client);
        try (LiveClient live = LiveClient.connect(port)) {
            String id = live.subscribe(
                    """
                    subscription($f: [FilterInput!]) { eventStream(filters: $f) { dropped event { id } } }""", Map.of("f", List.of(Map.of("dimension", "type", "op", "EQ", "values", List.of(type)))));
            awaitScrape(scrape -> scrape.sum("eventlens_live_subscriptions") == 1);
            // Counted as it is admitted, a moment before it listens to the feed.
            Thread.sleep(300);
            Scrape between = Scrape.of(client);
            StringBuilder batch = new StringBuilder("[");
            for (int i = 0; i < 4; i++) {
                batch.append(i == 0 ? "" : ",").append(event(UUID.randomUUID().toString(), type));
            }
            long sent = System.nanoTime();
            ingest("application/json", batch.append(']').toString());
            for (int i = 0; i < 4; i++) {
                live.next(id).data("eventStream");
            }
            double seconds = (System.nanoTime() - sent) / 1e9;
            Scrape after = Scrape.of(client);
            assertThat(delta(between, after, "eventlens_live_pushes_total", "kind", "event_stream"))
                    .isEqualTo(4);
            assertThat(delta(before, after, "eventlens_live_drops_total")).isZero();
            // Each event's push came after the batch was acknowledged and before the client read it.
            assertThat(delta(between, after, "eventlens_live_push_latency_seconds_count", "kind", "event_stream"))
                    .isEqualTo(4);
            assertThat(delta(between, after, "eventlens_live_push_latency_seconds_sum", "kind", "event_stream"))
                    .isPositive()
                    .isLessThanOrEqualTo(4 * seconds);
        }
        awaitScrape(scrape -> scrape.sum("eventlens_live_subscriptions") == 0);
    }

    @Test
    void aLiveReportPushRecordsTheLatencyFromTheBatchItIncludes() {
        String type = "metrics_live_report_" + UUID.randomUUID().toString().substring(0, 8);
        Instant from = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(3));
        Map<String, Object> input = Map.of(
                "metrics",
                List.of("events"),
                "filters",
                List.of(Map.of("dimension", "type", "op", "EQ", "values", List.of(type))),
                "from",
                from.toString(),
                "to",
                from.plus(Duration.ofDays(1)).toString());
        try (LiveClient live = LiveClient.connect(port)) {
            String id = live.subscribe("""
                    subscription($input: LiveReportInput!) { liveReport(input: $input, refreshMs: 100) { totals } }""", Map.of("input", input));
            assertThat(total(live.next(id))).isZero(); // the first answer includes no batch
            Scrape before = Scrape.of(client);
            StringBuilder batch = new StringBuilder("[");
            for (int i = 0; i < 3; i++) {
                batch.append(i == 0 ? "" : ",")
                        .append("{\"type\":\"")
                        .append(type)
                        .append("\",\"timestamp\":\"")
                        .append(from.plus(Duration.ofHours(i + 1)))
                        .append("\"}");
            }
            long sent = System.nanoTime();
            assertThat(ingest("application/json", batch.append(']').toString()).statusCode())
                    .isEqualTo(200);
            live.await(id, message -> total(message) == 3);
            double seconds = (System.nanoTime() - sent) / 1e9;

            Scrape after = Scrape.of(client);
            // One batch, one new answer, shared by its subscribers: one sample, no longer than the client waited.
            assertThat(delta(before, after, "eventlens_live_push_latency_seconds_count", "kind", "report"))
                    .isEqualTo(1);
            assertThat(delta(before, after, "eventlens_live_push_latency_seconds_sum", "kind", "report"))
                    .isPositive()
                    .isLessThanOrEqualTo(seconds);
        }
    }

    private static double total(LiveClient.Message message) {
        return ((Number) ((List<?>) message.data("liveReport").get("totals")).getFirst()).doubleValue();
    }

    @Test
    void backfillMetersCountHistoryAddedToANewProjectsRollups() throws InterruptedException {
        Client.Tenant tenant =
                client.newProject("backfill" + UUID.randomUUID().toString().substring(0, 8));
        Scrape before = Scrape.of(client);
        // History older than the project's first seal: its rollups fill it in in the background.
        Instant old = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(20));
        String batch = "[{\"type\":\"metrics_backfill\",\"timestamp\":\"" + old + "\"},"
                + "{\"type\":\"metrics_backfill\",\"timestamp\":\"" + old.plusSeconds(60) + "\"}]";
        assertThat(client.send(tenant.ingest(), "POST", "/v1/events", "application/json", batch)
                        .statusCode())
                .isEqualTo(200);

        Scrape done = awaitScrape(scrape -> delta(before, scrape, "eventlens_rollups_backfill_slices_total") >= 1
                && scrape.sum("eventlens_rollups_backfill_projects") == 0);
        // Both events lie in one slice of any length: other projects' history may add more slices, not fewer.
        assertThat(delta(before, done, "eventlens_rollups_backfill_slices_total"))
                .isGreaterThanOrEqualTo(1);
        assertThat(done.matching("eventlens_rollups_backfill_projects")).hasSize(1);
    }

    @Test
    void poolCircuitBreakersAndRollupFreshnessArePublished() throws InterruptedException {
        // A project with events, so the upkeep has a watermark to move.
        assertThat(ingest("application/json", "[" + event(UUID.randomUUID().toString(), "metrics_upkeep") + "]")
                        .statusCode())
                .isEqualTo(200);
        // Gauges hold their state weakly: one that is not held elsewhere reads NaN once collected.
        System.gc();
        Scrape scrape = awaitScrape(s -> {
            double age = s.sum("eventlens_rollups_watermark_age_seconds");
            return !s.matching("eventlens_rollups_watermark_age_seconds").isEmpty() && !Double.isNaN(age);
        });
        // Sealed every second, up to 1-10 s behind the clock.
        assertThat(scrape.sum("eventlens_rollups_watermark_age_seconds")).isBetween(0.0, 30.0);
        assertThat(scrape.sum("r2dbc_pool_max_allocated", "name", "postgres")).isEqualTo(20);
        // Reports over rollups hold half as many of their own.
        assertThat(scrape.sum("r2dbc_pool_max_allocated", "name", "postgres-rollup-reads"))
                .isEqualTo(10);
        assertThat(scrape.sum(
                        "resilience4j_circuitbreaker_state", "name", "eventlens-storage-reads", "state", "closed"))
                .isEqualTo(1);
        assertThat(scrape.sum(
                        "resilience4j_circuitbreaker_state", "name", "eventlens-storage-writes", "state", "closed"))
                .isEqualTo(1);
        // No meter is tagged by project: the demo project's id is no label value anywhere.
        assertThat(scrape.samples()).noneMatch(sample -> sample.labels().containsKey("project"));
    }

    @Test
    void everyMeterTheGrafanaDashboardReadsIsPublished() throws IOException {
        String dashboard = Files.readString(Path.of("..", "docs", "grafana-dashboard.json"));
        Matcher names = Pattern.compile("\\b((?:eventlens|resilience4j|r2dbc)_[a-z0-9_]+)")
                .matcher(dashboard);
        Scrape scrape = Scrape.of(client);
        int read = 0;
        while (names.find()) {
            read++;
            assertThat(scrape.matching(names.group(1))).as(names.group(1)).isNotEmpty();
        }
        assertThat(read).isGreaterThan(10);
    }

    private Scrape awaitScrape(Predicate<Scrape> condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Scrape scrape = Scrape.of(client);
        while (!condition.test(scrape)) {
            assertThat(System.nanoTime()).as("the scrape never matched").isLessThan(deadline);
            Thread.sleep(100);
            scrape = Scrape.of(client);
        }
        return scrape;
    }

    private static double delta(Scrape before, Scrape after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    private HttpResponse<String> ingest(String contentType, String body) {
        return client.send(TestKeys.INGEST, "POST", "/v1/events", contentType, body);
    }

    private static String event(String id, String type) {
        return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\"}";
    }
}
