package io.eventlens.app.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code explain: true} returns the statements the engine ran with PostgreSQL's own timings, the floor a benchmark
 * shows beside its latencies; the answer itself is the same, computed afresh, never from the cache.
 */
class ExplainedReportTests extends GraphQlEndToEnd {

    static final String EXPLAINED_REPORT = """
            query Report($input: ReportInput!) {
              report(input: $input) {
                rows { bucket dimensions values } totals
                meta { cached statements { sql planningMs executionMs } }
              }
            }""";

    /** The GraphQL {@code Report} with its statements. */
    record Answer(List<Row> rows, List<@Nullable Double> totals, ExplainedMeta meta) {}

    /** The GraphQL {@code QueryMeta}, as far as explaining goes. */
    record ExplainedMeta(boolean cached, List<Statement> statements) {}

    /** The GraphQL {@code StatementTiming}. */
    record Statement(String sql, double planningMs, double executionMs) {}

    private final Random random = new Random(7);
    private final Instant from = SampleEvents.day(93);
    private final List<SentEvent> events = new ArrayList<>();

    @BeforeAll
    void sendEvents() {
        events.addAll(SampleEvents.random(random, from, Duration.ofDays(1), 200));
        ingestAll(events);
    }

    @Test
    void anExplainedReportAnswersTheSameAndNamesEachStatementWithItsTimes() {
        Map<String, Object> byCountry = Map.of(
                "metrics",
                List.of("events", "revenue"),
                "dimensions",
                List.of("country"),
                "from",
                from.toString(),
                "to",
                from.plus(Duration.ofDays(1)).toString());
        Answer plain = answer(byCountry);
        Answer plainAgain = answer(byCountry); // the report cache now holds it
        assertThat(plain.meta().statements()).isEmpty();

        Answer explained = answer(with(byCountry, "explain", true));

        assertThat(explained.rows()).isEqualTo(plainAgain.rows()).isEqualTo(plain.rows());
        assertThat(explained.totals()).isEqualTo(plain.totals());
        assertThat(explained.meta().cached()).isFalse();
        // Rows and totals come from one statement, its bound values as placeholders, never inline.
        assertThat(explained.meta().statements()).hasSize(1).allSatisfy(statement -> {
            assertThat(statement.sql()).startsWith("SELECT").contains("$1").doesNotContain(from.toString());
            assertThat(statement.planningMs()).isPositive();
            assertThat(statement.executionMs()).isPositive();
        });
    }

    @Test
    void topSeriesOverTimeNeedASecondStatementForTheirTotals() {
        Answer explained = answer(Map.of(
                "metrics",
                List.of("events"),
                "dimensions",
                List.of("country"),
                "granularity",
                "HOUR",
                "limit",
                3,
                "from",
                from.toString(),
                "to",
                from.plus(Duration.ofDays(1)).toString(),
                "explain",
                true));

        assertThat(explained.totals()).containsExactly((double) events.size());
        assertThat(explained.meta().statements()).hasSize(2);
    }

    @Test
    void aReportWithoutDimensionsOrBucketsRunsOneStatement() {
        Answer explained = answer(Map.of(
                "metrics",
                List.of("events"),
                "from",
                from.toString(),
                "to",
                from.plus(Duration.ofDays(1)).toString(),
                "explain",
                true));

        assertThat(explained.totals()).containsExactly((double) events.size());
        assertThat(explained.meta().statements()).hasSize(1);
    }

    private static Map<String, Object> with(Map<String, Object> input, String name, Object value) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(input);
        copy.put(name, value);
        return copy;
    }

    private Answer answer(Map<String, Object> input) {
        return graphQl()
                .document(EXPLAINED_REPORT)
                .variable("input", input)
                .execute()
                .path("report")
                .entity(Answer.class)
                .get();
    }
}
