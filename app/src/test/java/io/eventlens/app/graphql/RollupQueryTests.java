package io.eventlens.app.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.TestKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.ResponseError;

/**
 * Rollups over GraphQL: listed with their state, defined and removed by mutation with field-named errors, kept fresh
 * by the platform's own upkeep (no test hook), read by {@code report} where they answer, and never changing a value:
 * every report here is checked against the test's own computation, before and after the rollups hold the day.
 */
class RollupQueryTests extends GraphQlEndToEnd {

    static final String ROLLUPS = """
            { rollups { name grain dimensions keepsSketches status progress rows sizeBytes builtIn } }""";

    static final String DEFINE = """
            mutation Define($input: RollupInput!) {
              defineRollup(input: $input) { name grain dimensions keepsSketches status progress rows sizeBytes builtIn }
            }""";

    static final String REMOVE = "mutation Remove($name: String!) { removeRollup(name: $name) }";

    /** The GraphQL {@code Rollup}. */
    record RollupInfo(
            String name,
            String grain,
            List<String> dimensions,
            boolean keepsSketches,
            String status,
            double progress,
            long rows,
            long sizeBytes,
            boolean builtIn) {}

    private static final List<String> METRICS = List.of("events", "revenue", "uniqueUsers");

    private final long seed = new Random().nextLong();
    private final Instant from = SampleEvents.day(61);
    private final Instant to = from.plus(Duration.ofDays(3));
    private final String name = "by_browser_" + UUID.randomUUID().toString().substring(0, 8);
    private List<SentEvent> events = List.of();

    @BeforeAll
    void sendEvents() {
        events = SampleEvents.random(new Random(seed), from, Duration.ofDays(3), 900);
        ingestAll(events);
    }

    @Test
    void reportsReadRollupsOnceTheUpkeepHoldsTheDaysAndAnswerTheSame() throws InterruptedException {
        Map<String, Object> byType = Map.of(
                "metrics",
                METRICS,
                "dimensions",
                List.of("type"),
                "from",
                from.plus(Duration.ofMinutes(90)).toString(),
                "to",
                to.toString());
        List<SentEvent> inRange =
                Expected.where(events, e -> !e.timestamp().isBefore(from.plus(Duration.ofMinutes(90))));
        List<String> expected = Expected.rows(inRange, List.of("type"), METRICS, 0, true, 100);

        // Right after ingest, whatever answers (raw events or rollups) must already count every event.
        assertThat(report(byType).rowTexts()).as("seed %d", seed).containsExactlyElementsOf(expected);

        ReportResult fromRollups = awaitSource(byType, "rollup:");
        assertThat(fromRollups.rowTexts()).as("seed %d", seed).containsExactlyElementsOf(expected);
        assertThat(fromRollups.meta().approximate()).isFalse();
    }

    @Test
    void approximateReportsMergeSketchesWithinTheDocumentedBound() throws InterruptedException {
        Map<String, Object> input = Map.of(
                "metrics",
                List.of("events", "uniqueUsers"),
                "dimensions",
                List.of("country"),
                "from",
                from.plus(Duration.ofMinutes(30)).toString(),
                "to",
                to.toString(),
                "approximate",
                true);
        List<SentEvent> inRange =
                Expected.where(events, e -> !e.timestamp().isBefore(from.plus(Duration.ofMinutes(30))));
        ReportResult report = awaitApproximate(input);
        List<String> exact = Expected.rows(inRange, List.of("country"), List.of("events", "uniqueUsers"), 0, true, 100);
        assertThat(report.rows()).hasSameSizeAs(exact);
        Map<List<String>, List<SentEvent>> groups = new java.util.HashMap<>();
        inRange.forEach(e -> groups.computeIfAbsent(
                        java.util.Collections.singletonList(e.country()), k -> new java.util.ArrayList<>())
                .add(e));
        for (Row row : report.rows()) {
            List<SentEvent> group = groups.get(row.dimensions());
            long users = group.stream()
                    .map(SentEvent::userId)
                    .filter(java.util.Objects::nonNull)
                    .distinct()
                    .count();
            assertThat(row.values().get(0)).as("events are exact").isEqualTo((double) group.size());
            assertThat(row.values().get(1))
                    .as("users of %s, seed %d", row.dimensions(), seed)
                    .isCloseTo((double) users, org.assertj.core.data.Offset.offset(1 + 0.033 * users));
        }
    }

    @Test
    void builtInRollupsAreListedWithTheirState() {
        List<RollupInfo> rollups = rollups();
        assertThat(rollups)
                .filteredOn(RollupInfo::builtIn)
                .extracting(RollupInfo::name)
                .contains(
                        "type_15m",
                        "type_1h",
                        "type_1d",
                        "type_country_device_1h",
                        "type_country_device_1d",
                        "type_user_1d");
        assertThat(rollups)
                .filteredOn(r -> r.name().equals("type_country_device_1h"))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.grain()).isEqualTo("1h");
                    assertThat(r.dimensions()).containsExactly("type", "country", "device");
                    assertThat(r.keepsSketches()).isTrue();
                    assertThat(r.progress()).isBetween(0.0, 1.0);
                });
    }

    @Test
    void storageUsageCountsTheProjectsEventsAndRollupRows() throws InterruptedException {
        awaitSource(Map.of("metrics", List.of("events"), "from", from.toString(), "to", to.toString()), "rollup:");
        Map<String, Object> usage = graphQl()
                .document("{ storageUsage { events eventBytes rollupRows rollupBytes } }")
                .execute()
                .path("storageUsage")
                .entity(Map.class)
                .get();
        assertThat(((Number) usage.get("events")).longValue()).isGreaterThanOrEqualTo(events.size());
        assertThat(((Number) usage.get("eventBytes")).longValue()).isPositive();
        assertThat(((Number) usage.get("rollupRows")).longValue()).isPositive();
        assertThat(((Number) usage.get("rollupBytes")).longValue()).isPositive();
        assertThat(errorsOf(graphQl(TestKeys.READ).document("{ storageUsage { events } }")))
                .as("an admin query")
                .singleElement();
    }

    @Test
    void aDefinedRollupFillsInAndAnswersThenGoesAway() throws InterruptedException {
        RollupInfo defined = graphQl()
                .document(DEFINE)
                .variable("input", Map.of("name", name, "grain", "30m", "dimensions", List.of("browser", "os")))
                .execute()
                .path("defineRollup")
                .entity(RollupInfo.class)
                .get();
        assertThat(defined)
                .isEqualTo(new RollupInfo(name, "30m", List.of("browser", "os"), false, "BACKFILLING", 0, 0, 0, false));

        Map<String, Object> byBrowser = Map.of(
                "metrics",
                List.of("events", "revenue"),
                "dimensions",
                List.of("browser"),
                "from",
                from.toString(),
                "to",
                to.toString(),
                "granularity",
                "HOUR",
                "timezone",
                "Asia/Kolkata");
        ReportResult report = awaitSource(byBrowser, "rollup:" + name);
        assertThat(report.rows()).isNotEmpty();
        assertThat(report.totals().get(0)).isEqualTo((double) events.size());
        assertThat(rollups())
                .filteredOn(r -> r.name().equals(name))
                .singleElement()
                .satisfies(r -> assertThat(r.rows()).isPositive());

        assertThat(graphQl()
                        .document(REMOVE)
                        .variable("name", name)
                        .execute()
                        .path("removeRollup")
                        .entity(Boolean.class)
                        .get())
                .isTrue();
        assertThat(graphQl()
                        .document(REMOVE)
                        .variable("name", "type_1h")
                        .execute()
                        .path("removeRollup")
                        .entity(Boolean.class)
                        .get())
                .as("built-in ones stay")
                .isFalse();
        assertThat(report(byBrowser).meta().source()).doesNotContain(name);
    }

    @Test
    void badDefinitionsNameTheirField() {
        assertThat(error(Map.of("name", "x1", "grain", "7m", "dimensions", List.of("type"))))
                .satisfies(e -> assertThat(e.getExtensions()).containsEntry("field", "input.grain"));
        assertThat(error(Map.of("name", "x2", "grain", "1h", "dimensions", List.of("type", "properties.plan"))))
                .satisfies(e -> assertThat(e.getExtensions()).containsEntry("field", "input.dimensions[1]"));
        assertThat(error(Map.of("name", "Bad Name", "grain", "1h", "dimensions", List.of("type"))))
                .satisfies(e -> assertThat(e.getExtensions()).containsEntry("field", "input.name"));
        assertThat(error(Map.of("name", "type_1h", "grain", "1h", "dimensions", List.of("type"))))
                .satisfies(e -> assertThat(e.getMessage()).contains("built-in"));
    }

    private ResponseError error(Map<String, Object> input) {
        List<ResponseError> errors = errorsOf(graphQl().document(DEFINE).variable("input", input));
        assertThat(errors).hasSize(1);
        return errors.getFirst();
    }

    private List<RollupInfo> rollups() {
        return graphQl()
                .document(ROLLUPS)
                .execute()
                .path("rollups")
                .entityList(RollupInfo.class)
                .get();
    }

    /** The platform seals and backfills every two seconds; history this old takes a few ticks to be held. */
    private ReportResult awaitSource(Map<String, Object> input, String source) throws InterruptedException {
        ReportResult report = report(input);
        for (int attempt = 0; attempt < 120 && !report.meta().source().contains(source); attempt++) {
            Thread.sleep(500);
            report = report(input);
        }
        assertThat(report.meta().source()).contains(source);
        return report;
    }

    private ReportResult awaitApproximate(Map<String, Object> input) throws InterruptedException {
        ReportResult report = report(input);
        for (int attempt = 0; attempt < 120 && !report.meta().approximate(); attempt++) {
            Thread.sleep(500);
            report = report(input);
        }
        assertThat(report.meta().approximate()).isTrue();
        return report;
    }
}
