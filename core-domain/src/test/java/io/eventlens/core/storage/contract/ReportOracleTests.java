package io.eventlens.core.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.EventCursor;
import io.eventlens.core.query.EventPage;
import io.eventlens.core.query.EventPageQuery;
import io.eventlens.core.query.Filter;
import io.eventlens.core.query.FilterOp;
import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.Overview;
import io.eventlens.core.query.OverviewQuery;
import io.eventlens.core.query.QueryLimits;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.ReportRequest.Direction;
import io.eventlens.core.query.ReportRequestResolver;
import io.eventlens.core.query.ReportRow;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The oracle on tiny examples whose answers are worked out by hand, and the dataset's promises. */
class ReportOracleTests {

    private static final ProjectId PROJECT = new ProjectId("oracle-tests");
    private static final Instant T0 = Instant.parse("2026-10-24T22:30:00Z");

    /*
     * Five events (Berlin local time in brackets):
     *   a  22:30Z Oct 24 (00:30+02 Oct 25)  DE  u1 s1  rev 10    plan=pro  n=5
     *   b  00:30Z Oct 25 (02:30+02)         DE  u2 s2  rev 2.5   plan=free n="5"
     *   c  01:30Z Oct 25 (02:30+01)         US  u1 s1  -         -         n=12
     *   d  01:30Z Oct 25 (02:30+01)         -   -  s3  rev 1     plan=null n=true
     *   e  03:00Z Oct 25 (04:00+01)         US  u3 -   -         plan=pro  n=-1.5
     */
    private static final List<Event> EVENTS = List.of(
            event("00000000-0000-4000-8000-00000000000a", T0, "DE", "u1", "s1", 10.0, props("plan", "pro", "n", 5)),
            event(
                    "00000000-0000-4000-8000-00000000000b",
                    T0.plus(2, ChronoUnit.HOURS),
                    "DE",
                    "u2",
                    "s2",
                    2.5,
                    props("plan", "free", "n", "5")),
            event(
                    "ffffffff-0000-4000-8000-00000000000c",
                    T0.plus(3, ChronoUnit.HOURS),
                    "US",
                    "u1",
                    "s1",
                    null,
                    props("n", 12)),
            event(
                    "00000000-0000-4000-8000-00000000000d",
                    T0.plus(3, ChronoUnit.HOURS),
                    null,
                    null,
                    "s3",
                    1.0,
                    props("plan", null, "n", true)),
            event(
                    "00000000-0000-4000-8000-00000000000e",
                    T0.plus(270, ChronoUnit.MINUTES),
                    "US",
                    "u3",
                    null,
                    null,
                    props("plan", "pro", "n", -1.5)));

    private final ReportOracle oracle = new ReportOracle(EVENTS);

    @Test
    void answersEveryMetricWithoutDimensionsAsOneRow() {
        Report report = report(ReportRequestBuilder.report("events", "uniqueUsers", "sessions", "revenue"));
        assertThat(report.rows()).containsExactly(row(null, List.of(), 5, 3, 3, 13.5));
        assertThat(report.totals()).containsExactly(5.0, 3.0, 3.0, 13.5);
    }

    @Test
    void groupsByCountryOrderedByMetricThenDimensionWithNullsLast() {
        Report report =
                report(ReportRequestBuilder.report("uniqueUsers", "events").by("country"));
        // DE and US both have 2 users: the tie goes to the dimension ascending; the null country comes last.
        assertThat(report.rows())
                .containsExactly(
                        row(null, dims("DE"), 2, 2), row(null, dims("US"), 2, 2), row(null, dims((String) null), 0, 1));
        assertThat(report.totals()).containsExactly(3.0, 5.0);
    }

    @Test
    void groupsByPropertyTextMergingNumbersAndStringsAndNullWithMissing() {
        Report byN =
                report(ReportRequestBuilder.report("events").by("properties.n").orderBy("properties.n", Direction.ASC));
        assertThat(byN.rows()).extracting(r -> r.dimensions().getFirst()).containsExactly("-1.5", "12", "5", "true");
        assertThat(byN.rows().get(2).values()).containsExactly(2.0);
        Report byPlan = report(ReportRequestBuilder.report("events").by("properties.plan"));
        assertThat(byPlan.rows())
                .containsExactly(
                        row(null, dims("pro"), 2), row(null, dims((String) null), 2), row(null, dims("free"), 1));
    }

    @Test
    void filtersFollowTheDocumentedOperators() {
        assertThat(events(ReportRequestBuilder.report("events").where("country", FilterOp.NEQ, "DE")))
                .isEqualTo(3);
        assertThat(events(ReportRequestBuilder.report("events").where("country", FilterOp.NOT_IN, "DE", "US")))
                .isEqualTo(1);
        assertThat(events(ReportRequestBuilder.report("events").where("country", FilterOp.IN, "DE", "XX")))
                .isEqualTo(2);
        assertThat(events(ReportRequestBuilder.report("events").where("properties.plan", FilterOp.CONTAINS, "R")))
                .isEqualTo(3);
        assertThat(events(ReportRequestBuilder.report("events").where("properties.plan", FilterOp.NEQ, "pro")))
                .isEqualTo(3);
        // Only JSON numbers compare: 5 and 12 (not the string "5", not true).
        assertThat(events(ReportRequestBuilder.report("events").where("properties.n", FilterOp.GTE, "5")))
                .isEqualTo(2);
        assertThat(events(ReportRequestBuilder.report("events").where("properties.n", FilterOp.LT, "5")))
                .isEqualTo(1);
        assertThat(events(ReportRequestBuilder.report("events").where("properties.n", FilterOp.EQ, "5")))
                .isEqualTo(2);
    }

    @Test
    void bucketsTheRepeatedBerlinHourSeparatelyAndZeroFills() {
        Report report = report(ReportRequestBuilder.report("events", "revenue")
                .every(Granularity.HOUR)
                .in("Europe/Berlin")
                .between(T0, Instant.parse("2026-10-25T03:00:00Z")));
        assertThat(report.rows())
                .containsExactly(
                        row(OffsetDateTime.parse("2026-10-25T00:00+02:00"), List.of(), 1, 10),
                        row(OffsetDateTime.parse("2026-10-25T01:00+02:00"), List.of(), 0, 0),
                        row(OffsetDateTime.parse("2026-10-25T02:00+02:00"), List.of(), 1, 2.5),
                        row(OffsetDateTime.parse("2026-10-25T02:00+01:00"), List.of(), 2, 1),
                        row(OffsetDateTime.parse("2026-10-25T03:00+01:00"), List.of(), 0, 0));
    }

    @Test
    void ranksTopSeriesOverTheWholeRangeAndOrdersRowsByBucketThenRank() {
        Report report = report(ReportRequestBuilder.report("events")
                .by("country")
                .every(Granularity.DAY)
                .in("Europe/Berlin")
                .limit(2)
                .between(T0, Instant.parse("2026-10-25T23:00:00Z")));
        // DE 2, US 2 (tie: DE first), null 1 dropped; one Berlin day (Oct 25, 25 hours long).
        assertThat(report.rows())
                .containsExactly(
                        row(OffsetDateTime.parse("2026-10-25T00:00+02:00"), dims("DE"), 2),
                        row(OffsetDateTime.parse("2026-10-25T00:00+02:00"), dims("US"), 2));
        assertThat(report.totals()).containsExactly(5.0);
    }

    @Test
    void keepsOnlyTheHalfOpenRange() {
        assertThat(events(ReportRequestBuilder.report("events").between(T0, T0.plus(3, ChronoUnit.HOURS))))
                .isEqualTo(2);
        assertThat(events(ReportRequestBuilder.report("events")
                        .between(
                                T0.plus(3, ChronoUnit.HOURS),
                                T0.plus(3, ChronoUnit.HOURS).plusNanos(1000))))
                .isEqualTo(2);
    }

    @Test
    void answersTheOverviewWithTheLastHourBeforeNow() {
        Overview overview = oracle.overview(
                new OverviewQuery(PROJECT, null, T0.plus(3, ChronoUnit.HOURS), Instant.parse("2026-10-25T02:30:00Z")));
        // Range: a, b. Last hour [01:30Z, 02:30Z): c and d.
        assertThat(overview).isEqualTo(new Overview(2, 2, 2, 12.5, 2));
    }

    @Test
    void pagesNewestFirstBreakingTiesByUnsignedIdDescending() {
        EventPage first = oracle.events(new EventPageQuery(PROJECT, List.of(), null, null, 2, null));
        assertThat(first.events())
                .extracting(e -> e.id().toString().substring(35))
                .containsExactly("e", "c");
        assertThat(first.hasNextPage()).isTrue();
        EventPage rest = oracle.events(new EventPageQuery(
                PROJECT, List.of(), null, null, 3, EventCursor.of(first.events().getLast())));
        assertThat(rest.events())
                .extracting(e -> e.id().toString().substring(35))
                .containsExactly("d", "b", "a");
        assertThat(rest.hasNextPage()).isFalse();
    }

    @Test
    void pagesOnlyMatchingEvents() {
        List<Filter> us = List.of(new Filter(new Dimension.Property("plan"), FilterOp.EQ, List.of("pro")));
        assertThat(oracle.events(new EventPageQuery(PROJECT, us, null, null, 10, null))
                        .events())
                .extracting(e -> e.id().toString().substring(35))
                .containsExactly("e", "a");
    }

    @Test
    void ordersTextByCodePointAndIdsAsUnsigned() {
        assertThat(ReportOracle.TEXT_ORDER.compare("ｆ", "😀")).isNegative();
        assertThat("ｆ".compareTo("😀")).as("UTF-16 order differs").isPositive();
        assertThat(ReportOracle.ID_ORDER.compare(
                        UUID.fromString("80000000-0000-0000-0000-000000000000"),
                        UUID.fromString("7fffffff-ffff-ffff-ffff-ffffffffffff")))
                .isPositive();
    }

    @Test
    void theDatasetKeepsItsPromises() {
        ContractDataset dataset = ContractDataset.standard();
        List<Event> events = dataset.events();
        assertThat(events).hasSizeBetween(2900, 3100);
        assertThat(new HashSet<>(events.stream().map(Event::id).toList())).hasSize(events.size());
        assertThat(events)
                .allSatisfy(e -> assertThat(e.timestamp().getNano() % 1000).isZero());
        assertThat(events)
                .allSatisfy(e -> assertThat(e.timestamp()).isBetween(ContractDataset.ALL_FROM, ContractDataset.ALL_TO));
        assertThat(events)
                .noneMatch(e -> !e.timestamp().isBefore(ContractDataset.EMPTY_FROM)
                        && e.timestamp().isBefore(ContractDataset.EMPTY_TO));
        assertThat(events)
                .filteredOn(e -> e.timestamp().equals(ContractDataset.EDGE_FROM))
                .hasSize(2);
        assertThat(events)
                .filteredOn(e -> e.timestamp().equals(ContractDataset.EDGE_TO))
                .hasSize(3);
        assertThat(events)
                .anyMatch(e -> e.userId() == null)
                .anyMatch(e -> e.sessionId() == null)
                .anyMatch(e -> e.country() == null)
                .anyMatch(e -> e.revenue() != null)
                .anyMatch(e ->
                        e.properties().containsKey("coupon") && e.properties().get("coupon") == null)
                .anyMatch(e -> e.properties().get("meta") instanceof Map<?, ?>)
                .anyMatch(e -> e.properties().get("score") instanceof Double)
                .anyMatch(e -> e.properties().get("score") instanceof Integer)
                .anyMatch(e -> e.properties().containsKey(ContractDataset.ODD_KEY));
        assertThat(ContractDataset.standard().events()).as("deterministic").isEqualTo(events);
        // The placed events of the DST changes.
        assertThat(events)
                .anyMatch(e -> e.timestamp().equals(Instant.parse("2026-10-25T00:30:00Z")))
                .anyMatch(e -> e.timestamp().equals(Instant.parse("2026-11-01T06:15:00Z")));
    }

    private Report report(ReportRequestBuilder request) {
        ReportQuery query =
                new ReportRequestResolver(QueryLimits.defaults()).resolve(PROJECT, request.build(), Catalog.builtIn());
        return oracle.report(query);
    }

    private double events(ReportRequestBuilder request) {
        return report(request).totals().getFirst();
    }

    private static ReportRow row(@Nullable OffsetDateTime bucket, List<@Nullable String> dimensions, double... values) {
        return new ReportRow(bucket, dimensions, Arrays.stream(values).boxed().toList());
    }

    private static List<@Nullable String> dims(@Nullable String... values) {
        return Arrays.asList(values);
    }

    private static Map<String, @Nullable Object> props(@Nullable Object... keysAndValues) {
        Map<String, @Nullable Object> map = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static Event event(
            String id,
            Instant at,
            @Nullable String country,
            @Nullable String user,
            @Nullable String session,
            @Nullable Double revenue,
            Map<String, @Nullable Object> properties) {
        return Event.builder(UUID.fromString(id), "click", at)
                .country(country)
                .userId(user)
                .sessionId(session)
                .revenue(revenue)
                .properties(properties)
                .build();
    }
}
