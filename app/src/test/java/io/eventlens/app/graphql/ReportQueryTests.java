package io.eventlens.app.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reports without granularity: metrics by dimensions, filters, ordering, limit and totals. */
class ReportQueryTests extends GraphQlEndToEnd {

    private static final List<String> ALL_METRICS = List.of("events", "uniqueUsers", "sessions", "revenue");

    private final long seed = new Random().nextLong();
    private final Instant from = SampleEvents.day(1);
    private final Instant to = from.plus(Duration.ofDays(1));
    private List<SentEvent> events = List.of();

    @BeforeAll
    void sendEvents() {
        events = SampleEvents.random(new Random(seed), from, Duration.ofDays(1), 600);
        ingestAll(events);
    }

    @Test
    void everyMetricByCountryWithTotals() {
        ReportResult report = report(Map.of(
                "metrics",
                ALL_METRICS,
                "dimensions",
                List.of("country"),
                "from",
                from.toString(),
                "to",
                to.toString()));

        assertThat(report.columns())
                .as("seed %d", seed)
                .containsExactly("country", "events", "uniqueUsers", "sessions", "revenue");
        assertThat(report.rowTexts())
                .as("seed %d", seed)
                .containsExactlyElementsOf(Expected.rows(events, List.of("country"), ALL_METRICS, 0, true, 100));
        assertTotals(report, ALL_METRICS, events);
        // Raw events, or rollups where the background upkeep already holds this day: the values above are the same.
        assertThat(report.meta().source()).matches("(rollup:[a-z0-9_]+\\+)*(rollup:[a-z0-9_]+|events)");
        assertThat(report.meta().approximate()).isFalse();
        assertThat(report.meta().tookMs()).isPositive();
    }

    @Test
    void noDimensionsGiveOneRowEvenOverNoEvents() {
        ReportResult report = report(Map.of(
                "metrics",
                ALL_METRICS,
                "from",
                to.toString(),
                "to",
                to.plus(Duration.ofHours(1)).toString()));

        assertThat(report.rowTexts()).containsExactly(Expected.row(null, List.of(), List.of(0.0, 0.0, 0.0, 0.0)));
        assertThat(report.totals()).containsExactly(0.0, 0.0, 0.0, 0.0);
    }

    @Test
    void filtersCombineAndFollowTheirDocumentedSemantics() {
        List<Map<String, Object>> filters = List.of(
                filter("country", "IN", "DE", "US"),
                filter("properties.plan", "NEQ", "free"),
                filter("properties.amount", "GTE", "40"),
                filter("page", "CONTAINS", "PRICING"));
        ReportResult report = report(Map.of(
                "metrics",
                ALL_METRICS,
                "dimensions",
                List.of("properties.plan", "device"),
                "filters",
                filters,
                "from",
                from.toString(),
                "to",
                to.toString()));

        List<SentEvent> matching = Expected.where(
                events,
                e -> e.country() != null
                        && Set.of("DE", "US").contains(e.country())
                        && !"free".equals(e.properties().get("plan"))
                        && e.number("amount") != null
                        && e.number("amount") >= 40
                        && e.page() != null
                        && e.page().toLowerCase().contains("pricing"));
        assertThat(matching).as("the sample must exercise the filters").isNotEmpty();
        assertThat(report.rowTexts())
                .as("seed %d", seed)
                .containsExactlyElementsOf(
                        Expected.rows(matching, List.of("properties.plan", "device"), ALL_METRICS, 0, true, 100));
        assertTotals(report, ALL_METRICS, matching);
    }

    @Test
    void notInAndNeqAlsoMatchMissingValuesWhileEqDoesNot() {
        ReportResult notIn = report(Map.of(
                "metrics",
                List.of("events"),
                "from",
                from.toString(),
                "to",
                to.toString(),
                "filters",
                List.of(filter("country", "NOT_IN", "DE", "US"))));
        ReportResult eq = report(Map.of(
                "metrics",
                List.of("events"),
                "from",
                from.toString(),
                "to",
                to.toString(),
                "filters",
                List.of(filter("properties.beta", "EQ", "true"))));
        ReportResult lt = report(Map.of(
                "metrics",
                List.of("events"),
                "from",
                from.toString(),
                "to",
                to.toString(),
                "filters",
                List.of(filter("properties.amount", "LT", "10.5"))));

        assertThat(notIn.totals().getFirst()).isEqualTo((double) Expected.where(
                        events, e -> e.country() == null || !Set.of("DE", "US").contains(e.country()))
                .size());
        assertThat(eq.totals().getFirst()).isEqualTo((double)
                Expected.where(events, e -> Boolean.TRUE.equals(e.properties().get("beta")))
                        .size());
        assertThat(lt.totals().getFirst()).isEqualTo((double)
                Expected.where(events, e -> e.number("amount") != null && e.number("amount") < 10.5)
                        .size());
    }

    @Test
    void orderByADimensionAscendingWithALimitKeepsTotalsOverEverything() {
        List<String> metrics = List.of("revenue", "events");
        ReportResult report = report(Map.of(
                "metrics",
                metrics,
                "dimensions",
                List.of("device", "type"),
                "orderBy",
                List.of(Map.of("by", "device", "direction", "ASC"), Map.of("by", "events")),
                "limit",
                5,
                "from",
                from.toString(),
                "to",
                to.toString()));

        // device ascending (missing last), then events descending, then the tuple ascending.
        Comparator<Map.Entry<List<String>, List<SentEvent>>> order = Comparator.comparing(
                        (Map.Entry<List<String>, List<SentEvent>> g) ->
                                g.getKey().getFirst(),
                        Comparator.nullsLast(Comparator.<String>naturalOrder()))
                .thenComparing(g -> -g.getValue().size())
                .thenComparing(Map.Entry::getKey, Expected.tupleOrder());
        List<String> expected = new ArrayList<>();
        Expected.groups(events, List.of("device", "type")).entrySet().stream()
                .sorted(order)
                .limit(5)
                .forEach(g -> expected.add(Expected.row(null, g.getKey(), Expected.metrics(metrics, g.getValue()))));
        assertThat(report.rowTexts()).as("seed %d", seed).containsExactlyElementsOf(expected);
        assertTotals(report, metrics, events);
    }

    @Test
    void orderByAMetricAscending() {
        ReportResult report = report(Map.of(
                "metrics",
                List.of("events", "uniqueUsers"),
                "dimensions",
                List.of("browser"),
                "orderBy",
                List.of(Map.of("by", "uniqueUsers", "direction", "ASC")),
                "limit",
                3,
                "from",
                from.toString(),
                "to",
                to.toString()));

        assertThat(report.rowTexts())
                .as("seed %d", seed)
                .containsExactlyElementsOf(
                        Expected.rows(events, List.of("browser"), List.of("events", "uniqueUsers"), 1, false, 3));
    }

    static Map<String, Object> filter(String dimension, String op, String... values) {
        return Map.of("dimension", dimension, "op", op, "values", List.of(values));
    }

    private void assertTotals(ReportResult report, List<String> metrics, List<SentEvent> matching) {
        assertThat(report.totals()).hasSize(metrics.size());
        for (int i = 0; i < metrics.size(); i++) {
            assertThat(report.totals().get(i))
                    .as("%s (seed %d)", metrics.get(i), seed)
                    .isCloseTo(Expected.metric(metrics.get(i), matching), within(1e-6));
        }
    }
}
