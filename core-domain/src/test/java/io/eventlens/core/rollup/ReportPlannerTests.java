package io.eventlens.core.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.catalog.Metric;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.query.Filter;
import io.eventlens.core.query.FilterOp;
import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.SortKey;
import io.eventlens.core.query.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Named cases of the planner with plans worked out by hand. */
class ReportPlannerTests {

    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    private static final ZoneId LORD_HOWE = ZoneId.of("Australia/Lord_Howe");
    private static final Instant FAR_FUTURE = Instant.parse("2100-01-01T00:00:00Z");

    private static final Rollup TYPE_15M = defaults("type_15m");
    private static final Rollup TYPE_1H = defaults("type_1h");
    private static final Rollup TYPE_1D = defaults("type_1d");
    private static final Rollup TYPE_COUNTRY_DEVICE_1H = defaults("type_country_device_1h");
    private static final Rollup TYPE_COUNTRY_DEVICE_1D = defaults("type_country_device_1d");
    private static final Rollup TYPE_USER_1D = defaults("type_user_1d");

    @Test
    void kolkataHoursAreNotReadFromAnHourlyRollup() {
        // Kolkata is UTC+5:30: its hours start at :30 UTC, so no UTC hour fits inside one.
        TimeRange range = localDays(KOLKATA, "2026-01-10", 1);
        ReportPlan plan = ReportPlanner.plan(query(range, Granularity.HOUR, KOLKATA), whole(TYPE_1H));

        assertThat(plan.segments()).isEmpty();
        assertThat(plan.rawRanges()).containsExactly(range);
        assertThat(plan.source()).isEqualTo("events");
    }

    @Test
    void kolkataHoursAreReadFromAQuarterHourRollup() {
        TimeRange range = localDays(KOLKATA, "2026-01-10", 1);
        assertThat(range).isEqualTo(range("2026-01-09T18:30:00Z", "2026-01-10T18:30:00Z"));
        ReportPlan plan = ReportPlanner.plan(query(range, Granularity.HOUR, KOLKATA), whole(TYPE_1H, TYPE_15M));

        assertThat(plan.segments()).containsExactly(new RollupSegment(TYPE_15M, range));
        assertThat(plan.rawRanges()).isEmpty();
        assertThat(plan.source()).isEqualTo("rollup:type_15m");
    }

    @Test
    void kolkataDaysUseTheWholeUtcHoursInsideThemAndRawEventsForTheHalfHours() {
        TimeRange range = localDays(KOLKATA, "2026-01-10", 2);
        ReportPlan plan = ReportPlanner.plan(query(range, Granularity.DAY, KOLKATA), whole(TYPE_1H, TYPE_1D));

        assertThat(plan.segments())
                .containsExactly(
                        new RollupSegment(TYPE_1H, range("2026-01-09T19:00:00Z", "2026-01-10T18:00:00Z")),
                        new RollupSegment(TYPE_1H, range("2026-01-10T19:00:00Z", "2026-01-11T18:00:00Z")));
        assertThat(plan.rawRanges())
                .containsExactly(
                        range("2026-01-09T18:30:00Z", "2026-01-09T19:00:00Z"),
                        range("2026-01-10T18:00:00Z", "2026-01-10T19:00:00Z"),
                        range("2026-01-11T18:00:00Z", "2026-01-11T18:30:00Z"));
        assertThat(plan.source()).isEqualTo("rollup:type_1h+events");
    }

    @Test
    void berlinDaysOfTwentyThreeHoursAreReadWholeFromAnHourlyRollup() {
        TimeRange range = localDays(BERLIN, "2026-03-28", 3);
        assertThat(dayLengths(range, BERLIN))
                .containsExactly(Duration.ofHours(24), Duration.ofHours(23), Duration.ofHours(24));
        ReportPlan plan = ReportPlanner.plan(query(range, Granularity.DAY, BERLIN), whole(TYPE_1D, TYPE_1H));

        // UTC days never line up with Berlin days, so type_1d is of no use; every Berlin day is whole hours.
        assertThat(plan.segments())
                .containsExactly(new RollupSegment(TYPE_1H, range("2026-03-27T23:00:00Z", "2026-03-30T22:00:00Z")));
        assertThat(plan.rawRanges()).isEmpty();
        assertThat(plan.source()).isEqualTo("rollup:type_1h");
    }

    @Test
    void berlinDaysOfTwentyFiveHoursAreReadWholeFromAnHourlyRollup() {
        TimeRange range = localDays(BERLIN, "2026-10-24", 3);
        assertThat(dayLengths(range, BERLIN))
                .containsExactly(Duration.ofHours(24), Duration.ofHours(25), Duration.ofHours(24));
        ReportPlan plan = ReportPlanner.plan(query(range, Granularity.DAY, BERLIN), whole(TYPE_1D, TYPE_1H));

        assertThat(plan.segments())
                .containsExactly(new RollupSegment(TYPE_1H, range("2026-10-23T22:00:00Z", "2026-10-26T23:00:00Z")));
        assertThat(plan.rawRanges()).isEmpty();
    }

    @Test
    void lordHoweHoursUseAnHourlyRollupOnlyWhileTheOffsetIsWholeHours() {
        // Lord Howe is +11 until 2026-04-04T15:00Z, then +10:30: afterwards its hours start at :30 UTC.
        TimeRange range = range("2026-04-04T10:00:00Z", "2026-04-04T18:30:00Z");
        ReportPlan plan = ReportPlanner.plan(query(range, Granularity.HOUR, LORD_HOWE), whole(TYPE_1H));

        assertThat(plan.segments())
                .containsExactly(new RollupSegment(TYPE_1H, range("2026-04-04T10:00:00Z", "2026-04-04T14:00:00Z")));
        assertThat(plan.rawRanges()).containsExactly(range("2026-04-04T14:00:00Z", "2026-04-04T18:30:00Z"));
    }

    @Test
    void aWeekFromAnOddInstantTakesWholeDaysThenHoursThenQuartersThenRawEvents() {
        Instant from = Instant.parse("2026-01-05T10:17:23.456789Z");
        TimeRange range = new TimeRange(from, from.plus(Duration.ofDays(7)));
        ReportPlan plan = ReportPlanner.plan(query(range, null, UTC), whole(Rollup.DEFAULTS));

        // Every default rollup answers; per grain the narrowest (type_*) is read.
        assertThat(plan.segments())
                .containsExactly(
                        new RollupSegment(TYPE_15M, range("2026-01-05T10:30:00Z", "2026-01-05T11:00:00Z")),
                        new RollupSegment(TYPE_1H, range("2026-01-05T11:00:00Z", "2026-01-06T00:00:00Z")),
                        new RollupSegment(TYPE_1D, range("2026-01-06T00:00:00Z", "2026-01-12T00:00:00Z")),
                        new RollupSegment(TYPE_1H, range("2026-01-12T00:00:00Z", "2026-01-12T10:00:00Z")),
                        new RollupSegment(TYPE_15M, range("2026-01-12T10:00:00Z", "2026-01-12T10:15:00Z")));
        assertThat(plan.rawRanges())
                .containsExactly(
                        new TimeRange(from, Instant.parse("2026-01-05T10:30:00Z")),
                        new TimeRange(Instant.parse("2026-01-12T10:15:00Z"), range.to()));
        assertThat(plan.rollups()).containsExactly(TYPE_15M, TYPE_1H, TYPE_1D);
        assertThat(plan.source()).isEqualTo("rollup:type_15m+rollup:type_1h+rollup:type_1d+events");
    }

    @Test
    void aBreakdownByACountryFilterReadsTheRollupsKeepingCountry() {
        TimeRange range = range("2026-01-05T22:00:00Z", "2026-01-07T00:00:00Z");
        ReportQuery query = query(
                range,
                null,
                UTC,
                List.of(BuiltInMetric.EVENTS, BuiltInMetric.REVENUE),
                List.of(new Dimension.Column(EventColumn.DEVICE)),
                List.of(new Filter(new Dimension.Column(EventColumn.COUNTRY), FilterOp.IN, List.of("DE", "FR"))));
        ReportPlan plan = ReportPlanner.plan(query, whole(Rollup.DEFAULTS));

        assertThat(plan.segments())
                .containsExactly(
                        new RollupSegment(
                                TYPE_COUNTRY_DEVICE_1H, range("2026-01-05T22:00:00Z", "2026-01-06T00:00:00Z")),
                        new RollupSegment(
                                TYPE_COUNTRY_DEVICE_1D, range("2026-01-06T00:00:00Z", "2026-01-07T00:00:00Z")));
        assertThat(plan.rawRanges()).isEmpty();
        assertThat(plan.source()).isEqualTo("rollup:type_country_device_1h+rollup:type_country_device_1d");
    }

    @Test
    void aReportGroupedByAColumnNoRollupKeepsReadsRawEvents() {
        TimeRange range = range("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z");
        ReportQuery byBrowser = query(
                range,
                Granularity.DAY,
                UTC,
                List.of(BuiltInMetric.EVENTS),
                List.of(new Dimension.Column(EventColumn.BROWSER)),
                List.of());
        ReportPlan plan = ReportPlanner.plan(byBrowser, whole(Rollup.DEFAULTS));

        assertThat(plan).isEqualTo(ReportPlan.eventsOnly(range));
        assertThat(plan.eventsOnly()).isTrue();
        assertThat(plan.source()).isEqualTo("events");
        assertThat(Rollup.DEFAULTS).noneMatch(rollup -> ReportPlanner.answers(rollup, byBrowser));
    }

    @Test
    void propertiesNumericFiltersAndPerSessionMetricsReadRawEvents() {
        TimeRange range = range("2026-01-01T00:00:00Z", "2026-01-08T00:00:00Z");
        List<ReportQuery> queries = List.of(
                query(
                        range,
                        null,
                        UTC,
                        List.of(BuiltInMetric.EVENTS),
                        List.of(new Dimension.Property("plan")),
                        List.of()),
                query(
                        range,
                        null,
                        UTC,
                        List.of(BuiltInMetric.EVENTS),
                        List.of(),
                        List.of(new Filter(new Dimension.Property("plan"), FilterOp.EQ, List.of("pro")))),
                query(
                        range,
                        null,
                        UTC,
                        List.of(BuiltInMetric.EVENTS),
                        List.of(),
                        List.of(new Filter(new Dimension.Property("amount"), FilterOp.GT, List.of("10")))),
                query(range, null, UTC, List.of(BuiltInMetric.EVENTS, BuiltInMetric.BOUNCE_RATE), List.of(), List.of()),
                query(range, null, UTC, List.of(BuiltInMetric.SESSIONS), List.of(), List.of()));
        for (ReportQuery query : queries) {
            assertThat(ReportPlanner.plan(query, whole(Rollup.DEFAULTS)))
                    .as("%s", query)
                    .isEqualTo(ReportPlan.eventsOnly(range));
        }
    }

    @Test
    void uniqueUsersComeOnlyFromARollupKeepingUserId() {
        TimeRange range = range("2026-01-05T06:00:00Z", "2026-01-09T06:00:00Z");
        ReportQuery users = query(
                range, null, UTC, List.of(BuiltInMetric.UNIQUE_USERS, BuiltInMetric.EVENTS), List.of(), List.of());
        ReportPlan plan = ReportPlanner.plan(users, whole(Rollup.DEFAULTS));

        assertThat(plan.segments())
                .containsExactly(
                        new RollupSegment(TYPE_USER_1D, range("2026-01-06T00:00:00Z", "2026-01-09T00:00:00Z")));
        assertThat(plan.rawRanges())
                .containsExactly(
                        range("2026-01-05T06:00:00Z", "2026-01-06T00:00:00Z"),
                        range("2026-01-09T00:00:00Z", "2026-01-09T06:00:00Z"));
        assertThat(plan.source()).isEqualTo("rollup:type_user_1d+events");

        ReportQuery usersByCountry = query(
                range,
                null,
                UTC,
                List.of(BuiltInMetric.UNIQUE_USERS),
                List.of(new Dimension.Column(EventColumn.COUNTRY)),
                List.of());
        assertThat(ReportPlanner.plan(usersByCountry, whole(Rollup.DEFAULTS))).isEqualTo(ReportPlan.eventsOnly(range));
    }

    @Test
    void aWatermarkInTheMiddleLeavesOnlyTheEventsAfterItToRawEvents() {
        TimeRange range = range("2026-01-05T00:00:00Z", "2026-01-06T00:00:00Z");
        Instant watermark = Instant.parse("2026-01-05T13:47:12.345678Z");
        ReportQuery query = query(range, Granularity.HOUR, UTC);

        // The 13:00 row holds exactly the events up to the watermark: it is read, and only the rest raw.
        ReportPlan hourly = ReportPlanner.plan(query, List.of(new RollupCoverage(TYPE_1H, null, watermark)));
        assertThat(hourly.segments())
                .containsExactly(
                        new RollupSegment(TYPE_1H, range("2026-01-05T00:00:00Z", "2026-01-05T13:47:12.345678Z")));
        assertThat(hourly.rawRanges()).containsExactly(range("2026-01-05T13:47:12.345678Z", "2026-01-06T00:00:00Z"));
        assertThat(hourly.source()).isEqualTo("rollup:type_1h+events");
        assertThat(hourly.segments().getFirst().endsInsideARow()).isTrue();

        ReportPlan withQuarters = ReportPlanner.plan(
                query,
                List.of(new RollupCoverage(TYPE_1H, null, watermark), new RollupCoverage(TYPE_15M, null, watermark)));
        assertThat(withQuarters).isEqualTo(hourly);
    }

    @Test
    void aWatermarkOnARowBoundaryEndsTheSegmentThere() {
        TimeRange range = range("2026-01-05T00:00:00Z", "2026-01-06T00:00:00Z");
        Instant watermark = Instant.parse("2026-01-05T13:00:00Z");
        ReportPlan plan = ReportPlanner.plan(
                query(range, Granularity.HOUR, UTC), List.of(new RollupCoverage(TYPE_1H, null, watermark)));

        assertThat(plan.segments())
                .containsExactly(new RollupSegment(TYPE_1H, range("2026-01-05T00:00:00Z", "2026-01-05T13:00:00Z")));
        assertThat(plan.segments().getFirst().endsInsideARow()).isFalse();
        assertThat(plan.rawRanges()).containsExactly(range("2026-01-05T13:00:00Z", "2026-01-06T00:00:00Z"));
    }

    @Test
    void aRangeEndingBeforeTheWatermarkEndsOnARowBoundary() {
        TimeRange range = range("2026-01-05T00:00:00Z", "2026-01-05T10:20:00Z");
        ReportPlan plan = ReportPlanner.plan(
                query(range, null, UTC),
                List.of(
                        new RollupCoverage(TYPE_1H, null, Instant.parse("2026-01-05T10:30:00Z")),
                        new RollupCoverage(TYPE_15M, null, Instant.parse("2026-01-05T10:30:00Z"))));

        assertThat(plan.segments())
                .containsExactly(
                        new RollupSegment(TYPE_1H, range("2026-01-05T00:00:00Z", "2026-01-05T10:00:00Z")),
                        new RollupSegment(TYPE_15M, range("2026-01-05T10:00:00Z", "2026-01-05T10:15:00Z")));
        assertThat(plan.rawRanges()).containsExactly(range("2026-01-05T10:15:00Z", "2026-01-05T10:20:00Z"));
    }

    @Test
    void distinctUsersOverAWeekMergeTheMemberSetsOfTheNarrowRollupsInsteadOfCountingUserRows() {
        TimeRange range = range("2026-01-05T10:07:00Z", "2026-01-12T10:07:00Z");
        Instant watermark = Instant.parse("2026-01-12T10:06:51.5Z");
        List<RollupCoverage> coverages = Rollup.DEFAULTS.stream()
                .map(r -> new RollupCoverage(r, null, watermark, r.keepsMembers()))
                .toList();
        ReportQuery usersByType = query(
                range,
                null,
                UTC,
                List.of(BuiltInMetric.EVENTS, BuiltInMetric.UNIQUE_USERS),
                List.of(new Dimension.Column(EventColumn.TYPE)),
                List.of());

        ReportPlan plan = ReportPlanner.plan(usersByType, coverages);

        assertThat(plan.memberSets()).isTrue();
        assertThat(plan.approximate()).isFalse();
        assertThat(plan.segments())
                .containsExactly(
                        new RollupSegment(TYPE_15M, range("2026-01-05T10:15:00Z", "2026-01-05T11:00:00Z")),
                        new RollupSegment(TYPE_1H, range("2026-01-05T11:00:00Z", "2026-01-06T00:00:00Z")),
                        new RollupSegment(TYPE_1D, range("2026-01-06T00:00:00Z", "2026-01-12T10:06:51.5Z")));
        assertThat(plan.rawRanges())
                .containsExactly(
                        range("2026-01-05T10:07:00Z", "2026-01-05T10:15:00Z"),
                        range("2026-01-12T10:06:51.5Z", "2026-01-12T10:07:00Z"));
    }

    @Test
    void aBreakdownRankedByADistinctCountCountsItFromMemberSetsTheEngineRanks() {
        TimeRange range = range("2026-01-05T00:00:00Z", "2026-01-12T00:00:00Z");
        List<RollupCoverage> coverages = Rollup.DEFAULTS.stream()
                .map(r -> new RollupCoverage(r, null, FAR_FUTURE, r.keepsMembers()))
                .toList();
        ReportQuery rankedByUsers = new ReportQuery(
                ProjectId.DEFAULT,
                List.of(BuiltInMetric.UNIQUE_USERS),
                List.of(new Dimension.Column(EventColumn.COUNTRY)),
                List.of(),
                range,
                null,
                UTC,
                List.of(new SortKey.ByMetric(0, true)),
                10);

        ReportPlan plan = ReportPlanner.plan(rankedByUsers, coverages);

        assertThat(ReportPlanner.rankedByTheApplication(rankedByUsers)).isTrue();
        assertThat(plan.memberSets()).isTrue();
        assertThat(plan.eventsOnly()).isFalse();
        assertThat(plan.rawRanges()).isEmpty();
    }

    @Test
    void seriesRankedByADistinctCountKeepCountingItOverRollupsThatKeepTheIds() {
        TimeRange range = range("2026-01-05T00:00:00Z", "2026-01-12T00:00:00Z");
        List<RollupCoverage> coverages = Rollup.DEFAULTS.stream()
                .map(r -> new RollupCoverage(r, null, FAR_FUTURE, r.keepsMembers()))
                .toList();
        ReportQuery rankedByUsers = new ReportQuery(
                ProjectId.DEFAULT,
                List.of(BuiltInMetric.UNIQUE_USERS),
                List.of(new Dimension.Column(EventColumn.TYPE)),
                List.of(),
                range,
                Granularity.DAY,
                UTC,
                List.of(new SortKey.ByMetric(0, true)),
                10);

        ReportPlan plan = ReportPlanner.plan(rankedByUsers, coverages);

        assertThat(ReportPlanner.rankedByTheApplication(rankedByUsers)).isFalse();
        assertThat(plan.memberSets()).isFalse();
        assertThat(plan.segments()).containsExactly(new RollupSegment(TYPE_USER_1D, range));
    }

    @Test
    void withoutMemberSetsDistinctCountsComeFromRollupsKeepingTheIdsAsBefore() {
        TimeRange range = range("2026-01-05T00:00:00Z", "2026-01-12T00:00:00Z");
        ReportQuery usersByType = query(
                range,
                null,
                UTC,
                List.of(BuiltInMetric.EVENTS, BuiltInMetric.UNIQUE_USERS),
                List.of(new Dimension.Column(EventColumn.TYPE)),
                List.of());

        ReportPlan plan = ReportPlanner.plan(usersByType, whole(Rollup.DEFAULTS));

        assertThat(plan.memberSets()).isFalse();
        assertThat(plan.segments()).containsExactly(new RollupSegment(TYPE_USER_1D, range));
    }

    @Test
    void historyBeforeCoveredFromIsReadFromRawEvents() {
        TimeRange range = range("2026-01-05T00:00:00Z", "2026-01-08T00:00:00Z");
        ReportPlan plan = ReportPlanner.plan(
                query(range, null, UTC),
                List.of(
                        new RollupCoverage(TYPE_1D, Instant.parse("2026-01-07T00:00:00Z"), FAR_FUTURE),
                        new RollupCoverage(TYPE_1H, Instant.parse("2026-01-05T08:00:00Z"), FAR_FUTURE)));

        assertThat(plan.rawRanges()).containsExactly(range("2026-01-05T00:00:00Z", "2026-01-05T08:00:00Z"));
        assertThat(plan.segments())
                .containsExactly(
                        new RollupSegment(TYPE_1H, range("2026-01-05T08:00:00Z", "2026-01-07T00:00:00Z")),
                        new RollupSegment(TYPE_1D, range("2026-01-07T00:00:00Z", "2026-01-08T00:00:00Z")));
        assertThat(plan.source()).isEqualTo("rollup:type_1h+rollup:type_1d+events");
    }

    @Test
    void eventsOnlyIgnoresEveryRollup() {
        TimeRange range = range("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z");
        ReportQuery query = query(range, Granularity.DAY, UTC).withSources(ReportQuery.Sources.EVENTS_ONLY);
        ReportPlan plan = ReportPlanner.plan(query, whole(Rollup.DEFAULTS));

        assertThat(plan.segments()).isEmpty();
        assertThat(plan.rawRanges()).containsExactly(range);
        assertThat(plan.source()).isEqualTo("events");
    }

    @Test
    void withoutRollupsEverythingIsRaw() {
        TimeRange range = range("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z");
        assertThat(ReportPlanner.plan(query(range, Granularity.DAY, UTC), List.of()))
                .isEqualTo(ReportPlan.eventsOnly(range));
    }

    @Test
    void tooManyPiecesFallBackToRawEvents() {
        // Each Kolkata day is two pieces with an hourly rollup (whole hours, then the half hours around midnight).
        ReportPlan months = ReportPlanner.plan(
                query(localDays(KOLKATA, "2026-01-01", 100), Granularity.DAY, KOLKATA), whole(TYPE_1H));
        assertThat(months.segments()).hasSize(100);
        assertThat(months.rawRanges()).hasSize(101);

        TimeRange year = localDays(KOLKATA, "2026-01-01", 365);
        assertThat(ReportPlanner.plan(query(year, Granularity.DAY, KOLKATA), whole(TYPE_1H)))
                .isEqualTo(ReportPlan.eventsOnly(year));
    }

    @Test
    void sourceNamesWhatAnswered() {
        TimeRange range = range("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z");
        TimeRange later = range("2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z");
        assertThat(ReportPlan.eventsOnly(range).source()).isEqualTo("events");
        assertThat(new ReportPlan(List.of(new RollupSegment(TYPE_1H, range)), List.of()).source())
                .isEqualTo("rollup:type_1h");
        assertThat(new ReportPlan(
                                List.of(
                                        new RollupSegment(TYPE_1D, range),
                                        new RollupSegment(TYPE_1H, later),
                                        new RollupSegment(
                                                TYPE_1D, range("2026-01-03T00:00:00Z", "2026-01-04T00:00:00Z"))),
                                List.of(range("2026-01-04T00:00:00Z", "2026-01-04T05:00:00Z")))
                        .source())
                .isEqualTo("rollup:type_1d+rollup:type_1h+events");
        assertThat(new ReportPlan(List.of(), List.of()).source()).isEqualTo("events");
    }

    // -- helpers

    private static Rollup defaults(String name) {
        return Rollup.DEFAULTS.stream()
                .filter(r -> r.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static List<RollupCoverage> whole(Rollup... rollups) {
        return whole(List.of(rollups));
    }

    private static List<RollupCoverage> whole(List<Rollup> rollups) {
        return rollups.stream()
                .map(r -> new RollupCoverage(r, null, FAR_FUTURE))
                .toList();
    }

    private static TimeRange range(String from, String to) {
        return new TimeRange(Instant.parse(from), Instant.parse(to));
    }

    private static TimeRange localDays(ZoneId zone, String firstDay, int days) {
        LocalDate first = LocalDate.parse(firstDay);
        return new TimeRange(
                first.atStartOfDay(zone).toInstant(),
                first.plusDays(days).atStartOfDay(zone).toInstant());
    }

    /** Lengths of the local days in the range, from the zone rules rather than from report buckets. */
    private static List<Duration> dayLengths(TimeRange range, ZoneId zone) {
        LocalDate first = LocalDateTime.ofInstant(range.from(), zone).toLocalDate();
        LocalDate end = LocalDateTime.ofInstant(range.to(), zone).toLocalDate();
        return first.datesUntil(end)
                .map(day ->
                        Duration.between(day.atStartOfDay(zone), day.plusDays(1).atStartOfDay(zone)))
                .toList();
    }

    private static ReportQuery query(TimeRange range, @Nullable Granularity granularity, ZoneId zone) {
        return query(range, granularity, zone, List.of(BuiltInMetric.EVENTS), List.of(), List.of());
    }

    private static ReportQuery query(
            TimeRange range,
            @Nullable Granularity granularity,
            ZoneId zone,
            List<Metric> metrics,
            List<Dimension> dimensions,
            List<Filter> filters) {
        return new ReportQuery(
                ProjectId.DEFAULT,
                metrics,
                dimensions,
                filters,
                range,
                granularity,
                zone,
                List.of(new SortKey.ByMetric(0, true)),
                10);
    }
}
