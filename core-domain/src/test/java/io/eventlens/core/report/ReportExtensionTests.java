package io.eventlens.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.query.Compare;
import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.QueryMeta;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.ReportRow;
import io.eventlens.core.query.SortKey;
import io.eventlens.core.query.TimeRange;
import io.eventlens.core.report.ReportExtension.Slot;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Where every engine's others row and previous-period values land in a report, from what the engine read. */
class ReportExtensionTests {

    private static final Instant JAN_1 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant JAN_2 = Instant.parse("2026-01-02T00:00:00Z");
    private static final Instant JAN_3 = Instant.parse("2026-01-03T00:00:00Z");
    private static final Instant JAN_4 = Instant.parse("2026-01-04T00:00:00Z");
    private static final Instant JAN_5 = Instant.parse("2026-01-05T00:00:00Z");

    @Test
    void previousValuesLandOnTheSameTupleAndBucketIndexZerosWhereNothingHappened() {
        ReportQuery query = query(new TimeRange(JAN_3, JAN_5), Granularity.DAY);
        Report report = report(row(JAN_3, "DE", 10.0, 0.5), row(JAN_4, "DE", 4.0, null), row(JAN_3, "FR", 2.0, 1.0));
        Reads reads = new Reads();
        reads.others.put(new TimeRange(JAN_3, JAN_5), Optional.of(values(7.0, 0.25)));
        reads.others.put(new TimeRange(JAN_1, JAN_3), Optional.of(values(14.0, null)));
        reads.previous.put(new Slot(List.of("DE"), 1), values(5.0, 0.5));
        reads.previous.put(new Slot(List.of("DE"), 2), values(8.0, null));

        List<ReportRow> rows = extend(query, report, reads);

        assertThat(reads.previousRange).isEqualTo(new TimeRange(JAN_1, JAN_3));
        assertThat(reads.previousStarts).containsExactly(JAN_1, JAN_2);
        assertThat(reads.tuples).containsExactly(List.of("DE"), List.of("FR"));
        assertThat(rows)
                .extracting(ReportRow::previousValues)
                .containsExactly(
                        values(5.0, 0.5),
                        values(8.0, null),
                        // FR had no events in the previous period: the metrics' values over nothing.
                        values(0.0, null),
                        values(14.0, null));
        assertThat(rows)
                .extracting(ReportRow::changePercent)
                .containsExactly(values(100.0, 0.0), values(-50.0, null), values(null, null), values(-50.0, null));
        ReportRow others = rows.getLast();
        assertThat(others.others()).isTrue();
        assertThat(others.dimensions()).containsExactly(ReportRow.OTHERS);
        assertThat(others.values()).isEqualTo(values(7.0, 0.25));
    }

    @Test
    void aBucketBeyondTheShorterPreviousPeriodHasNoPreviousValues() {
        // February 2026 has 28 days: the 30 days from Feb 1 cover two months, the 30 days before them one.
        Instant feb1 = Instant.parse("2026-02-01T00:00:00Z");
        Instant mar1 = Instant.parse("2026-03-01T00:00:00Z");
        ReportQuery query = query(new TimeRange(feb1, Instant.parse("2026-03-03T00:00:00Z")), Granularity.MONTH);
        Report report = report(row(feb1, "DE", 1.0, null), row(mar1, "DE", 2.0, null));
        Reads reads = new Reads();
        reads.others.put(query.range(), Optional.empty());
        reads.previous.put(new Slot(List.of("DE"), 1), values(3.0, null));

        List<ReportRow> rows = extend(query, report, reads);

        assertThat(reads.previousStarts).containsExactly(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(rows).extracting(ReportRow::previousValues).containsExactly(values(3.0, null), values(null, null));
        assertThat(rows).noneMatch(ReportRow::others);
    }

    private static List<ReportRow> extend(ReportQuery query, Report report, Reads reads) {
        List<ReportRow> rows = new ArrayList<>();
        StepVerifier.create(ReportExtension.extend(query, report, reads))
                .assertNext(extended -> rows.addAll(extended.rows()))
                .verifyComplete();
        return rows;
    }

    private static ReportQuery query(TimeRange range, Granularity granularity) {
        return new ReportQuery(
                ProjectId.DEFAULT,
                List.of(BuiltInMetric.EVENTS, BuiltInMetric.BOUNCE_RATE),
                List.of(new Dimension.Column(EventColumn.COUNTRY)),
                List.of(),
                range,
                granularity,
                ZoneOffset.UTC,
                List.of(new SortKey.ByMetric(0, true)),
                10,
                true,
                Compare.PREVIOUS_PERIOD);
    }

    private static Report report(ReportRow... rows) {
        return new Report(
                List.of("country", "events", "bounceRate"),
                List.of(rows),
                values(1.0, 2.0),
                QueryMeta.exactFromEvents());
    }

    private static ReportRow row(Instant bucket, String country, double events, @Nullable Double bounceRate) {
        return new ReportRow(bucket.atOffset(ZoneOffset.UTC), List.of(country), values(events, bounceRate));
    }

    private static List<@Nullable Double> values(@Nullable Double... values) {
        return Arrays.asList(values);
    }

    /** An engine's reads, answered from maps, remembering what the previous-period read was asked. */
    private static final class Reads implements ReportExtension.Reads {

        final Map<TimeRange, Optional<List<@Nullable Double>>> others = new HashMap<>();
        final Map<Slot, List<@Nullable Double>> previous = new HashMap<>();

        @Nullable
        TimeRange previousRange;

        @Nullable
        List<Instant> previousStarts;

        List<List<@Nullable String>> tuples = List.of();

        @Override
        public Mono<Optional<List<@Nullable Double>>> others(TimeRange range, List<List<@Nullable String>> tuples) {
            return Mono.just(others.getOrDefault(range, Optional.empty()));
        }

        @Override
        public Mono<Map<Slot, List<@Nullable Double>>> previous(
                TimeRange range, @Nullable List<Instant> starts, List<List<@Nullable String>> tuples) {
            this.previousRange = range;
            this.previousStarts = starts;
            this.tuples = tuples;
            return Mono.just(previous);
        }
    }
}
