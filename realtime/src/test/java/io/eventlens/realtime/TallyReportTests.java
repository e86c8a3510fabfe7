package io.eventlens.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.event.Event;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.QueryMeta;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.ReportRow;
import io.eventlens.core.query.SortKey;
import io.eventlens.core.query.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The in-memory shaping of a live report follows the report rules the storage engines implement. */
class TallyReportTests {

    private static final Instant FROM = Instant.parse("2025-05-01T10:00:00Z");
    private static final Dimension COUNTRY = new Dimension.Column(EventColumn.COUNTRY);

    @Test
    void rowsAreOrderedByTheMetricThenByDimensionInCodePointOrderWithNullsLastAndCutAtTheLimit() {
        AdditiveTally tally = tally(
                null,
                event("DE", 1.0),
                event("DE", 1.0),
                event("FR", 5.0),
                event(null, 2.0),
                event(null, 2.0),
                event("\uD83D\uDE00", 3.0),
                event("\uFFFD", 3.0),
                event("AT", 3.0));
        ReportQuery query = query(null, List.of(new SortKey.ByMetric(0, true)), 5);

        Report report = TallyReport.shape(query, tally, meta());

        // events desc: DE 2, null 2 (ties: DE before null), then those with 1 by code point: AT < FR < U+FFFD <
        // U+1F600 (UTF-16 order would put the emoji's surrogates before U+FFFD); the limit cuts the emoji.
        assertThat(report.rows())
                .extracting(row -> row.dimensions().getFirst())
                .containsExactly("DE", null, "AT", "FR", "\uFFFD");
        assertThat(report.rows().getFirst().values()).containsExactly(2.0, 2.0);
        assertThat(report.totals()).containsExactly(8.0, 20.0);
    }

    @Test
    void bucketsAreZeroFilledForTheTopSeriesOnlyAndRankedOverTheWholeRange() {
        AdditiveTally tally = tally(
                Granularity.MINUTE, event("DE", 1.0, 0), event("DE", 1.0, 2), event("FR", 9.0, 1), event("US", 1.0, 2));
        ReportQuery query = query(Granularity.MINUTE, List.of(new SortKey.ByMetric(1, true)), 2);

        Report report = TallyReport.shape(query, tally, meta());

        // revenue desc: FR 9, DE 2 (US 1 is cut); three buckets, each with both series in rank order.
        assertThat(report.rows()).hasSize(6);
        assertThat(report.rows())
                .extracting(row -> row.dimensions().getFirst())
                .containsExactly("FR", "DE", "FR", "DE", "FR", "DE");
        assertThat(report.rows())
                .extracting(row -> row.values().getFirst())
                .containsExactly(0.0, 1.0, 1.0, 0.0, 0.0, 1.0);
        assertThat(report.rows().get(0).bucket()).isEqualTo(FROM.atOffset(ZoneOffset.UTC));
        assertThat(report.totals()).containsExactly(4.0, 12.0);
    }

    @Test
    void aReportWithoutDimensionsHasOneRowEvenWithoutEvents() {
        ReportQuery query = new ReportQuery(
                ProjectId.DEFAULT,
                List.of(BuiltInMetric.REVENUE),
                List.of(),
                List.of(),
                new TimeRange(FROM, FROM.plus(Duration.ofMinutes(3))),
                null,
                ZoneOffset.UTC,
                List.of(new SortKey.ByMetric(0, true)),
                10);

        Report report = TallyReport.shape(query, new AdditiveTally(), meta());

        assertThat(report.rows())
                .singleElement()
                .satisfies(row -> assertThat(row.values()).containsExactly(0.0));
        assertThat(report.totals()).containsExactly(0.0);
    }

    @Test
    void removingEveryEventOfARowRemovesTheRow() {
        Event gone = event("DE", 4.0);
        AdditiveTally tally = tally(null, gone, event("FR", 1.0));
        tally.add(gone, -1, List.of(COUNTRY), null, ZoneOffset.UTC);

        Report report = TallyReport.shape(query(null, List.of(new SortKey.ByMetric(0, true)), 10), tally, meta());

        assertThat(report.rows()).extracting(ReportRow::dimensions).containsExactly(List.of("FR"));
    }

    @Test
    void distinctCountsCountEachMemberOncePerPointPerSeriesAndInTheTotalsAndNeverANullOne() {
        List<EventColumn> members = List.of(EventColumn.USER_ID, EventColumn.SESSION_ID);
        AdditiveTally tally = new AdditiveTally(members);
        Event leaving = member("FR", "u3", "s9", 1);
        List.of(
                        member("DE", "u1", "s1", 0),
                        member("DE", "u1", "s1", 0),
                        member("DE", "u1", "s2", 1),
                        member("DE", "u2", null, 1),
                        member("FR", null, "s3", 0),
                        member("FR", "u1", "s4", 0),
                        leaving,
                        member("FR", "u4", "s5", 2))
                .forEach(e -> tally.add(e, 1, List.of(COUNTRY), Granularity.MINUTE, ZoneOffset.UTC));
        tally.add(leaving, -1, List.of(COUNTRY), Granularity.MINUTE, ZoneOffset.UTC);
        ReportQuery query = new ReportQuery(
                ProjectId.DEFAULT,
                List.of(BuiltInMetric.UNIQUE_USERS, BuiltInMetric.SESSIONS, BuiltInMetric.EVENTS),
                List.of(COUNTRY),
                List.of(),
                new TimeRange(FROM, FROM.plus(Duration.ofMinutes(3))),
                Granularity.MINUTE,
                ZoneOffset.UTC,
                List.of(new SortKey.ByMetric(0, true)),
                10);

        Report report = TallyReport.shape(query, tally, meta());

        // Users over the range: DE {u1, u2} = 2, FR {u1, u4} = 2 (u3 left, the null user counts no one): a tie,
        // DE first. Sessions: DE {s1, s2}, FR {s3, s4, s5}.
        assertThat(report.rows())
                .extracting(row -> row.dimensions().getFirst())
                .containsExactly("DE", "FR", "DE", "FR", "DE", "FR");
        assertThat(report.rows())
                .extracting(ReportRow::values)
                .containsExactly(
                        List.of(1.0, 1.0, 2.0), List.of(1.0, 2.0, 2.0), // minute 0: DE u1/s1 twice; FR u1/s4 and s3
                        List.of(2.0, 1.0, 2.0), List.of(0.0, 0.0, 0.0), // minute 1: DE u1/s2, u2 without session
                        List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0)); // minute 2: FR u4/s5
        assertThat(report.totals()).containsExactly(3.0, 5.0, 7.0); // {u1, u2, u4}, {s1..s5}
    }

    private static Event member(String country, @Nullable String user, @Nullable String session, int minute) {
        return Event.builder(
                        UUID.randomUUID(),
                        "t",
                        FROM.plus(Duration.ofMinutes(minute)).plusSeconds(7))
                .country(country)
                .userId(user)
                .sessionId(session)
                .build();
    }

    private static AdditiveTally tally(@Nullable Granularity granularity, Event... events) {
        AdditiveTally tally = new AdditiveTally();
        Arrays.stream(events).forEach(e -> tally.add(e, 1, List.of(COUNTRY), granularity, ZoneId.of("UTC")));
        return tally;
    }

    private static ReportQuery query(@Nullable Granularity granularity, List<SortKey> order, int limit) {
        return new ReportQuery(
                ProjectId.DEFAULT,
                List.of(BuiltInMetric.EVENTS, BuiltInMetric.REVENUE),
                List.of(COUNTRY),
                List.of(),
                new TimeRange(FROM, FROM.plus(Duration.ofMinutes(3))),
                granularity,
                ZoneId.of("UTC"),
                order,
                limit);
    }

    private static Event event(@Nullable String country, double revenue) {
        return event(country, revenue, 0);
    }

    private static Event event(@Nullable String country, double revenue, int minute) {
        return Event.builder(
                        UUID.randomUUID(),
                        "t",
                        FROM.plus(Duration.ofMinutes(minute)).plusSeconds(7))
                .country(country)
                .revenue(revenue)
                .build();
    }

    private static QueryMeta meta() {
        return new QueryMeta(0, "test", false);
    }
}
