package io.eventlens.app.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.ResponseError;

/** Top-N with an others row, and comparison with the previous period, through GraphQL. */
class ReportExtensionsTests extends GraphQlEndToEnd {

    private static final String EXTENDED = """
            query Report($input: ReportInput!) {
              report(input: $input) {
                columns rows { bucket dimensions values previousValues changePercent others } totals
                meta { tookMs source approximate }
              }
            }""";

    private static final List<String> METRICS = List.of("events", "uniqueUsers", "revenue");

    private final long seed = new Random().nextLong();
    private final Instant from = SampleEvents.day(53).plus(Duration.ofDays(1));
    private final Instant to = from.plus(Duration.ofDays(1));
    private List<SentEvent> current = List.of();
    private List<SentEvent> previous = List.of();

    /** The GraphQL {@code ReportRow} with the extension fields. */
    record ExtendedRow(
            @Nullable String bucket,
            List<@Nullable String> dimensions,
            List<@Nullable Double> values,
            @Nullable List<@Nullable Double> previousValues,
            @Nullable List<@Nullable Double> changePercent,
            boolean others) {}

    /** The GraphQL {@code Report} with extended rows. */
    record ExtendedReport(List<String> columns, List<ExtendedRow> rows, List<@Nullable Double> totals) {}

    @BeforeAll
    void sendEvents() {
        Random random = new Random(seed);
        previous = SampleEvents.random(random, from.minus(Duration.ofDays(1)), Duration.ofDays(1), 300);
        current = SampleEvents.random(random, from, Duration.ofDays(1), 400);
        List<SentEvent> all = new ArrayList<>(previous);
        all.addAll(current);
        ingestAll(all);
    }

    @Test
    void topTwoCountriesAndAnOthersRowThatAddUpToTheTotals() {
        ExtendedReport report = extended(Map.of(
                "metrics",
                METRICS,
                "dimensions",
                List.of("country"),
                "limit",
                2,
                "includeOthers",
                true,
                "from",
                from.toString(),
                "to",
                to.toString()));

        List<String> top = Expected.rows(current, List.of("country"), METRICS, 0, true, 2);
        Set<List<@Nullable String>> topTuples = new HashSet<>();
        report.rows().stream().filter(r -> !r.others()).forEach(r -> topTuples.add(r.dimensions()));
        List<SentEvent> rest = Expected.where(current, e -> !topTuples.contains(java.util.Arrays.asList(e.country())));
        List<String> expected = new ArrayList<>(top);
        expected.add(Expected.row(null, List.of("(others)"), Expected.metrics(METRICS, rest)));

        assertThat(texts(report)).as("seed %d", seed).containsExactlyElementsOf(expected);
        assertThat(report.rows()).extracting(ExtendedRow::others).containsExactly(false, false, true);
        double events =
                report.rows().stream().mapToDouble(r -> r.values().getFirst()).sum();
        assertThat(events).isEqualTo(current.size());
        assertThat(report.rows()).allSatisfy(r -> assertThat(r.previousValues()).isNull());
    }

    @Test
    void eachDeviceComparedWithTheSameDeviceTheDayBefore() {
        ExtendedReport report = extended(Map.of(
                "metrics",
                METRICS,
                "dimensions",
                List.of("device"),
                "compare",
                "PREVIOUS_PERIOD",
                "from",
                from.toString(),
                "to",
                to.toString()));

        assertThat(report.rows()).as("seed %d", seed).isNotEmpty();
        for (ExtendedRow row : report.rows()) {
            List<SentEvent> before = Expected.where(
                    previous,
                    e -> java.util.Objects.equals(e.device(), row.dimensions().getFirst()));
            List<Double> expectedPrevious = Expected.metrics(METRICS, before);
            assertThat(Expected.row(null, row.dimensions(), row.previousValues()))
                    .as("seed %d", seed)
                    .isEqualTo(Expected.row(null, row.dimensions(), expectedPrevious));
            List<@Nullable Double> expectedChange = new ArrayList<>();
            for (int i = 0; i < METRICS.size(); i++) {
                double then = expectedPrevious.get(i);
                expectedChange.add(then == 0 ? null : (row.values().get(i) - then) / then * 100);
            }
            assertThat(Expected.row(null, row.dimensions(), row.changePercent()))
                    .as("seed %d", seed)
                    .isEqualTo(Expected.row(null, row.dimensions(), expectedChange));
        }
    }

    @Test
    void anOthersRowWithAGranularityIsAClearError() {
        List<ResponseError> errors = errorsOf(graphQl()
                .document(EXTENDED)
                .variable(
                        "input",
                        Map.of(
                                "metrics",
                                List.of("events"),
                                "dimensions",
                                List.of("country"),
                                "granularity",
                                "HOUR",
                                "includeOthers",
                                true,
                                "from",
                                from.toString(),
                                "to",
                                to.toString())));

        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.getExtensions())
                    .containsEntry("code", "INVALID_ARGUMENT")
                    .containsEntry("field", "input.includeOthers");
            assertThat(error.getMessage()).startsWith("input.includeOthers:");
        });
    }

    private ExtendedReport extended(Map<String, Object> input) {
        return graphQl()
                .document(EXTENDED)
                .variable("input", input)
                .execute()
                .path("report")
                .entity(ExtendedReport.class)
                .get();
    }

    private static List<String> texts(ExtendedReport report) {
        return report.rows().stream()
                .map(r -> Expected.row(null, r.dimensions(), r.values()))
                .toList();
    }
}
