package io.eventlens.core.storage.contract;

import static io.eventlens.core.storage.contract.AnalysisChecks.assertRetention;
import static io.eventlens.core.storage.contract.AnalysisChecks.scenario;
import static io.eventlens.core.storage.contract.ContractFixture.filter;
import static io.eventlens.core.storage.contract.FunnelContract.event;
import static io.eventlens.core.storage.contract.FunnelContract.step;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.analysis.EventSelectorRequest;
import io.eventlens.core.analysis.RetentionQuery;
import io.eventlens.core.analysis.RetentionRequest;
import io.eventlens.core.analysis.RetentionResolver;
import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.FilterOp;
import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.QueryLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Retention: the random dataset in several zones and granularities against the oracle, and hand-placed scenarios
 * (each in its own project) whose matrices are also written out by hand: month boundaries that move with the time
 * zone, weeks starting on Monday across a DST change, period 0, first starts before the range.
 */
public interface RetentionContract extends StorageContract {

    @ParameterizedTest
    @CsvSource({
        "DAY, UTC, 2026-10-20T00:00:00Z, 2026-11-05T00:00:00Z",
        "DAY, America/New_York, 2026-10-25T00:00:00Z, 2026-11-08T00:00:00Z",
        "WEEK, Europe/Berlin, 2026-02-23T00:00:00Z, 2026-04-20T00:00:00Z",
        "WEEK, Asia/Kathmandu, 2026-03-01T00:00:00Z, 2026-04-10T00:00:00Z",
        "MONTH, America/New_York, 2026-02-01T00:00:00Z, 2026-12-01T00:00:00Z",
        "MONTH, +05:30, 2026-02-01T00:00:00Z, 2026-12-01T00:00:00Z"
    })
    default void buildsTheCohortMatrixOfTheRandomDataset(
            Granularity granularity, String zone, Instant from, Instant to) {
        RetentionQuery query =
                retention(fixture().project(), step("page_view"), step("click"), granularity, zone, from, to, 6);
        List<RetentionOracle.Cohort> expected =
                assertRetention(fixture().storage(), fixture().dataset().events(), query);
        assertThat(expected)
                .anySatisfy(c -> assertThat(
                                c.returned().stream().mapToLong(Long::longValue).sum())
                        .isPositive());
    }

    @Test
    default void appliesTheFiltersOfBothEvents() {
        RetentionQuery query = retention(
                fixture().project(),
                step("page_view", filter("device", FilterOp.IN, "desktop", "mobile")),
                step("purchase", filter("properties.plan", FilterOp.NEQ, "free")),
                Granularity.WEEK,
                "Europe/Berlin",
                ContractDataset.FALL_FROM,
                ContractDataset.FALL_TO,
                8);
        assertRetention(fixture().storage(), fixture().dataset().events(), query);
    }

    @Test
    default void monthsEndWhereTheTimeZoneSays() {
        List<Event> events = List.of(
                // m1: starts on Jan 31 at 23:30 in Berlin and returns 40 minutes later, on Feb 1 in Berlin.
                event("m1", "signup", Instant.parse("2026-01-31T22:30:00Z")),
                event("m1", "open", Instant.parse("2026-01-31T23:10:00Z")),
                // m2: a return at the very instant of the first start is not after it; March is.
                event("m2", "signup", Instant.parse("2026-02-10T12:00:00Z")),
                event("m2", "open", Instant.parse("2026-02-10T12:00:00Z")),
                event("m2", "open", Instant.parse("2026-03-01T00:30:00Z")),
                // m3 never starts.
                event("m3", "open", Instant.parse("2026-02-01T10:00:00Z")),
                // m4: the start before the range is not looked at.
                event("m4", "signup", Instant.parse("2026-01-10T00:00:00Z")),
                event("m4", "signup", Instant.parse("2026-02-20T09:00:00Z")),
                event("m4", "open", Instant.parse("2026-02-25T09:00:00Z")));
        ProjectId project = scenario(fixture().storage(), events);
        Instant from = Instant.parse("2026-01-15T00:00:00Z");
        Instant to = Instant.parse("2026-03-15T00:00:00Z");

        List<RetentionOracle.Cohort> utc = assertRetention(
                fixture().storage(),
                events,
                retention(project, step("signup"), step("open"), Granularity.MONTH, "UTC", from, to, 5));
        assertThat(utc)
                .extracting(RetentionOracle.Cohort::start)
                .containsExactly(
                        Instant.parse("2026-01-01T00:00:00Z"),
                        Instant.parse("2026-02-01T00:00:00Z"),
                        Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(utc).extracting(RetentionOracle.Cohort::users).containsExactly(1L, 2L, 0L);
        assertThat(utc)
                .extracting(RetentionOracle.Cohort::returned)
                .containsExactly(List.of(1L, 0L, 0L), List.of(1L, 1L), List.of(0L));

        List<RetentionOracle.Cohort> berlin = assertRetention(
                fixture().storage(),
                events,
                retention(project, step("signup"), step("open"), Granularity.MONTH, "Europe/Berlin", from, to, 5));
        assertThat(berlin)
                .extracting(RetentionOracle.Cohort::start)
                .containsExactly(
                        Instant.parse("2025-12-31T23:00:00Z"),
                        Instant.parse("2026-01-31T23:00:00Z"),
                        Instant.parse("2026-02-28T23:00:00Z"));
        assertThat(berlin).extracting(RetentionOracle.Cohort::users).containsExactly(1L, 2L, 0L);
        assertThat(berlin)
                .extracting(RetentionOracle.Cohort::returned)
                .containsExactly(List.of(0L, 1L, 0L), List.of(1L, 1L), List.of(0L));
    }

    @Test
    default void weeksStartOnMondayInTheTimeZoneAcrossADstChange() {
        List<Event> events = List.of(
                // w1: Sunday Mar 8 at 23:00 in New York (after the spring-forward), back on Monday at 01:00.
                event("w1", "signup", Instant.parse("2026-03-09T03:00:00Z")),
                event("w1", "open", Instant.parse("2026-03-09T05:00:00Z")),
                // w2: Monday Mar 2 at 00:30 in New York; an open before the start does not count.
                event("w2", "open", Instant.parse("2026-03-02T04:30:00Z")),
                event("w2", "signup", Instant.parse("2026-03-02T05:30:00Z")),
                event("w2", "open", Instant.parse("2026-03-16T12:00:00Z")));
        ProjectId project = scenario(fixture().storage(), events);
        Instant from = Instant.parse("2026-03-01T00:00:00Z");
        Instant to = Instant.parse("2026-03-23T00:00:00Z");

        List<RetentionOracle.Cohort> newYork = assertRetention(
                fixture().storage(),
                events,
                retention(project, step("signup"), step("open"), Granularity.WEEK, "America/New_York", from, to, 5));
        assertThat(newYork)
                .extracting(RetentionOracle.Cohort::start)
                .containsExactly(
                        Instant.parse("2026-02-23T05:00:00Z"), Instant.parse("2026-03-02T05:00:00Z"),
                        Instant.parse("2026-03-09T04:00:00Z"), Instant.parse("2026-03-16T04:00:00Z"));
        assertThat(newYork).extracting(RetentionOracle.Cohort::users).containsExactly(0L, 2L, 0L, 0L);
        assertThat(newYork)
                .extracting(RetentionOracle.Cohort::returned)
                .containsExactly(List.of(0L, 0L, 0L, 0L), List.of(0L, 1L, 1L), List.of(0L, 0L), List.of(0L));

        List<RetentionOracle.Cohort> utc = assertRetention(
                fixture().storage(),
                events,
                retention(project, step("signup"), step("open"), Granularity.WEEK, "UTC", from, to, 5));
        assertThat(utc).extracting(RetentionOracle.Cohort::users).containsExactly(0L, 1L, 1L, 0L);
        assertThat(utc)
                .extracting(RetentionOracle.Cohort::returned)
                .containsExactly(List.of(0L, 0L, 0L, 0L), List.of(0L, 0L, 1L), List.of(1L, 0L), List.of(0L));
    }

    @Test
    default void theFirstStartNeverCountsAsItsOwnReturn() {
        Instant day = Instant.parse("2026-05-04T00:00:00Z");
        List<Event> events = List.of(
                event("v1", "visit", day.plusSeconds(3600)),
                event("v1", "visit", day.plusSeconds(7200)),
                event("v2", "visit", day.plusSeconds(3600)),
                event("v3", "visit", day.plusSeconds(3600)),
                event("v3", "visit", day.plusSeconds(86_400 * 2)));
        ProjectId project = scenario(fixture().storage(), events);

        List<RetentionOracle.Cohort> expected = assertRetention(
                fixture().storage(),
                events,
                retention(
                        project,
                        step("visit"),
                        step("visit"),
                        Granularity.DAY,
                        "UTC",
                        day,
                        day.plusSeconds(86_400 * 3),
                        1));

        assertThat(expected.getFirst().users()).isEqualTo(3);
        assertThat(expected)
                .extracting(RetentionOracle.Cohort::returned)
                .containsExactly(List.of(1L, 0L), List.of(0L, 0L), List.of(0L));
    }

    /**
     * Property style: users with a few starts and returns on an hourly grid around local midnights of a DST change,
     * in daily and weekly cohorts; the engine must agree with the oracle for any seed.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    default void agreesWithTheOracleOnRandomUsers(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Instant base = Instant.parse("2026-03-26T00:00:00Z");
        List<Event> events = new ArrayList<>();
        for (int user = 0; user < 50; user++) {
            for (int i = random.nextInt(7); i > 0; i--) {
                Instant at = base.plus(Duration.ofHours(random.nextInt(-24, 24 * 9)));
                events.add(event("q" + user, random.nextBoolean() ? "s" : "r", at));
            }
        }
        ProjectId project = scenario(fixture().storage(), events);
        Instant from = Instant.parse("2026-03-26T00:00:00Z");
        Instant to = Instant.parse("2026-04-03T12:00:00Z");
        for (Granularity granularity : List.of(Granularity.DAY, Granularity.WEEK)) {
            for (String zone : List.of("Europe/Berlin", "UTC", "Asia/Kathmandu")) {
                assertRetention(
                        fixture().storage(),
                        events,
                        retention(project, step("s"), step("r"), granularity, zone, from, to, 4));
                assertRetention(
                        fixture().storage(),
                        events,
                        retention(project, step("s"), step("s"), granularity, zone, from, to, 10));
            }
        }
    }

    static RetentionQuery retention(
            ProjectId project,
            EventSelectorRequest start,
            EventSelectorRequest returning,
            Granularity granularity,
            String zone,
            Instant from,
            Instant to,
            int periods) {
        return new RetentionResolver(QueryLimits.defaults())
                .resolve(
                        project,
                        new RetentionRequest(start, returning, granularity, zone, from, to, periods),
                        Catalog.builtIn());
    }
}
