package io.eventlens.core.storage.contract;

import static io.eventlens.core.storage.contract.ReportRequestBuilder.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.rollup.Rollup;
import io.eventlens.core.rollup.RollupAdmin;
import io.eventlens.core.rollup.RollupStatus;
import io.eventlens.core.storage.WriteResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * Rollups never change an answer: late and repeated events reach them exactly once, a rollup a project defines fills
 * in its history, and the planner really reads rollups where they hold. An engine without rollups must say so:
 * {@link RollupAdmin#NONE} lists nothing and refuses definitions.
 */
public interface RollupContract extends StorageContract {

    private boolean keepsRollups() {
        return fixture().storage().rollups() != RollupAdmin.NONE;
    }

    @Test
    default void anEngineWithoutRollupsRefusesToDefineOne() {
        if (keepsRollups()) {
            return;
        }
        fixture()
                .storage()
                .rollups()
                .define(
                        fixture().project(),
                        new Rollup("by_browser", Duration.ofHours(1), EnumSet.of(EventColumn.BROWSER)))
                .as(StepVerifier::create)
                .expectError(UnsupportedOperationException.class)
                .verify();
    }

    @Test
    default void builtInRollupsHoldTheWholeDatasetOnceRefreshed() {
        if (!keepsRollups()) {
            return;
        }
        fixture()
                .storage()
                .rollups()
                .list(fixture().project())
                .as(StepVerifier::create)
                .assertNext(statuses -> {
                    assertThat(statuses)
                            .extracting(s -> s.rollup().name())
                            .containsAll(
                                    Rollup.DEFAULTS.stream().map(Rollup::name).toList());
                    assertThat(statuses).allSatisfy(s -> {
                        assertThat(s.state()).isEqualTo(RollupStatus.State.READY);
                        assertThat(s.progress()).isEqualTo(1.0);
                        assertThat(s.rows()).isPositive();
                    });
                })
                .verifyComplete();
    }

    /**
     * A read is classed by how much of its range it reads from raw events, so scans wait in their own narrow lane: a
     * filter no rollup holds makes a month a scan on every engine; one rollups answer is not.
     */
    @Test
    default void aReportNoRollupAnswersIsAScanAndOneRollupsAnswerIsNot() {
        ReportQuery byProperty = fixture()
                .query(report("events")
                        .by("type")
                        .where("properties.plan", io.eventlens.core.query.FilterOp.EQ, "pro")
                        .between(ContractDataset.ALL_FROM, ContractDataset.ALL_TO));
        assertThat(fixture().storage().workload(byProperty).block())
                .isEqualTo(io.eventlens.core.storage.WorkloadClass.RAW_SCAN);
        if (keepsRollups()) {
            ReportQuery daily = fixture()
                    .query(report("events")
                            .by("type")
                            .between(ContractDataset.ALL_FROM, ContractDataset.ALL_TO)
                            .every(Granularity.DAY));
            assertThat(fixture().storage().workload(daily).block())
                    .isEqualTo(io.eventlens.core.storage.WorkloadClass.ROLLUPS);
        }
    }

    @Test
    default void plannerReadsRollupsWhereTheyAnswer() {
        if (!keepsRollups()) {
            return;
        }
        ReportRequestBuilder daily = report("events", "revenue")
                .by("type")
                .between(ContractDataset.ALL_FROM, ContractDataset.ALL_TO)
                .every(Granularity.DAY);
        fixture().assertReport(daily);
        assertThat(source(fixture(), daily)).contains("rollup:");
        ReportRequestBuilder usersByType = report("events", "uniqueUsers")
                .by("type")
                .between(ContractDataset.SPRING_FROM, ContractDataset.SPRING_TO);
        fixture().assertReport(usersByType);
        if (hasBehavior(EngineBehavior.KEEPS_MEMBER_SETS)) {
            // Unions of the narrow rollup's member sets: no rollup row per user is read.
            assertThat(source(fixture(), usersByType))
                    .contains("rollup:type_1d")
                    .doesNotContain("type_user_1d");
        } else {
            assertThat(source(fixture(), usersByType)).contains("rollup:type_user_1d");
        }
        // With approximation allowed, distinct users come from sketches of the narrow rollups instead, unless exact
        // member sets leave less of the range to raw events: sketches are kept an hour or coarser, member sets finer.
        ReportRequestBuilder cutRange = report("events", "uniqueUsers", "sessions")
                .by("type")
                .between(ContractDataset.SPRING_FROM.plus(Duration.ofMinutes(95)), ContractDataset.FALL_TO);
        fixture().assertReport(cutRange);
        ReportQuery approximate = fixture().query(cutRange).withSources(ReportQuery.Sources.APPROXIMATE);
        boolean memberSets = hasBehavior(EngineBehavior.KEEPS_MEMBER_SETS);
        fixture()
                .storage()
                .report(approximate)
                .as(StepVerifier::create)
                .assertNext(answer -> {
                    assertThat(answer.meta().approximate()).isEqualTo(!memberSets);
                    assertThat(answer.meta().source())
                            .contains("rollup:type_1d")
                            .contains("rollup:type_1h");
                    assertThat(answer.meta().source().contains("rollup:type_15m"))
                            .isEqualTo(memberSets);
                })
                .verifyComplete();
        ReportRequestBuilder wholeHours = report("events", "uniqueUsers", "sessions")
                .by("type")
                .between(ContractDataset.SPRING_FROM.plus(Duration.ofHours(5)), ContractDataset.FALL_TO);
        fixture()
                .storage()
                .report(fixture().query(wholeHours).withSources(ReportQuery.Sources.APPROXIMATE))
                .as(StepVerifier::create)
                .assertNext(answer -> assertThat(answer.meta().approximate()).isTrue())
                .verifyComplete();
        // Ranked by a distinct count, the database must order exact values: no sketches then.
        ReportQuery rankedByUsers = fixture()
                .query(report("uniqueUsers", "events")
                        .by("type")
                        .between(ContractDataset.ALL_FROM, ContractDataset.ALL_TO))
                .withSources(ReportQuery.Sources.APPROXIMATE);
        fixture()
                .storage()
                .report(rankedByUsers)
                .as(StepVerifier::create)
                .assertNext(answer -> assertThat(answer.meta().approximate()).isFalse())
                .verifyComplete();
        // Session metrics need every event of a session: never from a rollup.
        ReportRequestBuilder bounce = report("bounceRate").between(ContractDataset.ALL_FROM, ContractDataset.ALL_TO);
        assertThat(source(fixture(), bounce)).isEqualTo("events");
    }

    @Test
    default void lateAndRepeatedEventsCountOnceWithoutWaitingForUpkeep() {
        if (!keepsRollups()) {
            return;
        }
        ProjectId project = ContractFixture.freshProject();
        List<Event> all = fixture().dataset().events();
        List<Event> early = all.subList(0, all.size() / 2);
        List<Event> late = all.subList(all.size() / 2, all.size());
        write(project, early, early.size(), 0);
        fixture().storage().rollups().refresh(project).as(StepVerifier::create).verifyComplete();

        // Old timestamps below the watermark, mixed with events the rollups already hold.
        List<Event> retried = new ArrayList<>(late);
        retried.addAll(early.subList(0, 100));
        write(project, retried, late.size(), 100);

        ContractFixture fresh =
                new ContractFixture(fixture().storage(), project, fixture().dataset(), new ReportOracle(all));
        for (String zone : List.of("UTC", "Asia/Kolkata", "America/New_York")) {
            fresh.assertReport(report("events", "revenue", "uniqueUsers")
                    .by("type")
                    .between(ContractDataset.ALL_FROM, ContractDataset.ALL_TO)
                    .every(Granularity.DAY)
                    .in(zone));
            fresh.assertReport(report("events", "revenue")
                    .by("country", "device")
                    .between(ContractDataset.SPRING_FROM, ContractDataset.FALL_TO)
                    .in(zone));
        }
        assertThat(source(fresh, report("events").between(ContractDataset.ALL_FROM, ContractDataset.ALL_TO)))
                .contains("rollup:");
    }

    @Test
    default void aDefinedRollupFillsInHistoryAnswersAndCanBeRemoved() {
        if (!keepsRollups()) {
            return;
        }
        ProjectId project = ContractFixture.freshProject();
        List<Event> all = fixture().dataset().events();
        write(project, all, all.size(), 0);
        RollupAdmin rollups = fixture().storage().rollups();
        Rollup byBrowser =
                new Rollup("by_browser_os", Duration.ofMinutes(30), EnumSet.of(EventColumn.BROWSER, EventColumn.OS));
        rollups.define(project, byBrowser)
                .as(StepVerifier::create)
                .assertNext(status -> assertThat(status.state()).isEqualTo(RollupStatus.State.BACKFILLING))
                .verifyComplete();
        rollups.define(project, byBrowser)
                .as(StepVerifier::create)
                .expectError(IllegalArgumentException.class)
                .verify();
        rollups.refresh(project).as(StepVerifier::create).verifyComplete();
        rollups.list(project)
                .as(StepVerifier::create)
                .assertNext(statuses -> assertThat(statuses)
                        .filteredOn(s -> s.rollup().equals(byBrowser))
                        .singleElement()
                        .satisfies(s -> {
                            assertThat(s.state()).isEqualTo(RollupStatus.State.READY);
                            assertThat(s.builtIn()).isFalse();
                            assertThat(s.rows()).isPositive();
                        }))
                .verifyComplete();

        ContractFixture fresh =
                new ContractFixture(fixture().storage(), project, fixture().dataset(), new ReportOracle(all));
        ReportRequestBuilder byBrowserHourly = report("events", "revenue")
                .by("browser")
                .between(ContractDataset.EDGE_FROM.minus(Duration.ofDays(3)), ContractDataset.EDGE_TO)
                .every(Granularity.HOUR)
                .in("Asia/Kolkata");
        fresh.assertReport(byBrowserHourly);
        assertThat(source(fresh, byBrowserHourly)).contains("rollup:by_browser_os");

        rollups.remove(project, "type_1h")
                .as(StepVerifier::create)
                .expectNext(false)
                .verifyComplete();
        rollups.remove(project, byBrowser.name())
                .as(StepVerifier::create)
                .expectNext(true)
                .verifyComplete();
        fresh.assertReport(byBrowserHourly);
        assertThat(source(fresh, byBrowserHourly)).doesNotContain("by_browser_os");
    }

    private void write(ProjectId project, List<Event> events, int inserted, int duplicates) {
        for (int from = 0; from < events.size(); from += 500) {
            List<Event> batch = events.subList(from, Math.min(events.size(), from + 500));
            AtomicReference<WriteResult> result = new AtomicReference<>();
            fixture()
                    .storage()
                    .write(project, batch)
                    .as(StepVerifier::create)
                    .consumeNextWith(result::set)
                    .verifyComplete();
            inserted -= result.get().inserted();
            duplicates -= result.get().duplicates();
        }
        assertThat(inserted).as("events left to insert").isZero();
        assertThat(duplicates).as("duplicates left").isZero();
    }

    private static String source(ContractFixture fixture, ReportRequestBuilder request) {
        ReportQuery query = fixture.query(request);
        AtomicReference<Report> report = new AtomicReference<>();
        fixture.storage()
                .report(query)
                .as(StepVerifier::create)
                .consumeNextWith(report::set)
                .verifyComplete();
        return report.get().meta().source();
    }
}
