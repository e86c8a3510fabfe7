package io.eventlens.app.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The report cache over GraphQL: a repeated report is answered from Redis with the same values, and a write that
 * changes an answer ends its entry before the ingest is acknowledged. Values are checked against the test's own
 * events.
 */
class ReportCacheTests extends GraphQlEndToEnd {

    static final String CACHED_REPORT = """
            query Report($input: ReportInput!) {
              report(input: $input) {
                columns rows { bucket dimensions values } totals meta { tookMs source approximate cached }
              }
            }""";

    /** The GraphQL {@code Report} with its cache flag. */
    record Answer(List<Row> rows, List<@Nullable Double> totals, CacheMeta meta) {

        List<String> rowTexts() {
            return new ReportResult(List.of(), rows, totals, new Meta(meta.tookMs(), meta.source(), meta.approximate()))
                    .rowTexts();
        }
    }

    /** The GraphQL {@code QueryMeta}. */
    record CacheMeta(double tookMs, String source, boolean approximate, boolean cached) {}

    private static final List<String> METRICS = List.of("events", "uniqueUsers", "revenue");

    private final long seed = new Random().nextLong();
    private final Random random = new Random(seed);
    private final Instant from = SampleEvents.day(71);
    private final Instant to = from.plus(Duration.ofDays(1));
    private final List<SentEvent> events = new ArrayList<>();

    @BeforeAll
    void sendEvents() {
        events.addAll(SampleEvents.random(random, from, Duration.ofDays(1), 300));
        ingestAll(events);
    }

    @Test
    void aClosedRangeRepeatsFromTheCacheUntilALateEventLandsInIt() {
        Map<String, Object> byType =
                Map.of("metrics", METRICS, "dimensions", List.of("type"), "from", from.toString(), "to", to.toString());

        Answer first = answer(byType);
        assertThat(first.meta().cached()).isFalse();
        assertThat(first.rowTexts())
                .as("seed %d", seed)
                .containsExactlyElementsOf(Expected.rows(events, List.of("type"), METRICS, 0, true, 100));

        Answer second = answer(byType);
        assertThat(second.meta().cached()).as("the same report again").isTrue();
        assertThat(second.rows()).isEqualTo(first.rows());
        assertThat(second.totals()).isEqualTo(first.totals());

        // A fresh event elsewhere does not touch a closed range: its entry stays.
        ingestAll(List.of(SampleEvents.random(random, Instant.now().truncatedTo(ChronoUnit.MICROS))));
        assertThat(answer(byType).meta().cached())
                .as("after a fresh write elsewhere")
                .isTrue();

        SentEvent late = SampleEvents.random(random, from.plus(Duration.ofHours(5)));
        ingestAll(List.of(late));
        events.add(late);
        Answer after = answer(byType);
        assertThat(after.meta().cached())
                .as("right after a late event in the range")
                .isFalse();
        assertThat(after.rowTexts())
                .as("seed %d", seed)
                .containsExactlyElementsOf(Expected.rows(events, List.of("type"), METRICS, 0, true, 100));
        assertThat(after.totals().getFirst()).isEqualTo((double) events.size());
        assertThat(answer(byType).meta().cached()).isTrue();
    }

    @Test
    void aCachedAnswerKeepsItsBucketsInTheReportsTimeZone() {
        Map<String, Object> hourly = Map.of(
                "metrics",
                List.of("events", "revenue"),
                "dimensions",
                List.of("device"),
                "from",
                from.toString(),
                "to",
                to.toString(),
                "granularity",
                "HOUR",
                "timezone",
                "Asia/Kolkata",
                "compare",
                "PREVIOUS_PERIOD");

        Answer computed = answer(hourly);
        Answer cached = answer(hourly);
        assertThat(cached.meta().cached()).isTrue();
        assertThat(cached.rows()).isNotEmpty().isEqualTo(computed.rows());
        assertThat(cached.rows().getFirst().bucket()).endsWith("+05:30");
        assertThat(cached.totals()).isEqualTo(computed.totals());
    }

    @Test
    void aRangeTouchingNowEndsWithAnyWriteToTheProject() {
        String marker = UUID.randomUUID().toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Map<String, Object> recent = Map.of(
                "metrics",
                List.of("events"),
                "from",
                now.minus(Duration.ofHours(1)).toString(),
                "to",
                now.plus(Duration.ofHours(1)).toString(),
                "filters",
                List.of(Map.of("dimension", "properties.cacheTest", "op", "EQ", "values", List.of(marker))));

        ingestAll(List.of(marked(now, marker)));
        assertThat(answer(recent).totals()).containsExactly(1.0);
        Answer again = answer(recent);
        assertThat(again.meta().cached()).isTrue();
        assertThat(again.totals()).containsExactly(1.0);

        // A write the report does not even count still ends the entry: only late writes are told apart.
        ingestAll(List.of(marked(now, "other-" + marker)));
        Answer afterOther = answer(recent);
        assertThat(afterOther.meta().cached()).isFalse();
        assertThat(afterOther.totals()).containsExactly(1.0);

        ingestAll(List.of(marked(now.plusMillis(1), marker)));
        Answer afterMatching = answer(recent);
        assertThat(afterMatching.meta().cached()).isFalse();
        assertThat(afterMatching.totals()).containsExactly(2.0);
    }

    private SentEvent marked(Instant timestamp, String marker) {
        SentEvent event = SampleEvents.random(random, timestamp);
        Map<String, @Nullable Object> properties = new LinkedHashMap<>(event.properties());
        properties.put("cacheTest", marker);
        return new SentEvent(
                event.id(),
                event.type(),
                event.timestamp(),
                event.userId(),
                event.sessionId(),
                event.country(),
                event.device(),
                event.browser(),
                event.os(),
                event.page(),
                event.referrer(),
                event.revenue(),
                properties);
    }

    private Answer answer(Map<String, Object> input) {
        return graphQl()
                .document(CACHED_REPORT)
                .variable("input", input)
                .execute()
                .path("report")
                .entity(Answer.class)
                .get();
    }
}
