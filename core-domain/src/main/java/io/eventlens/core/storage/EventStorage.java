package io.eventlens.core.storage;

import io.eventlens.core.ProjectId;
import io.eventlens.core.analysis.Funnel;
import io.eventlens.core.analysis.FunnelQuery;
import io.eventlens.core.analysis.Retention;
import io.eventlens.core.analysis.RetentionQuery;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.EventPage;
import io.eventlens.core.query.EventPageQuery;
import io.eventlens.core.query.Overview;
import io.eventlens.core.query.OverviewQuery;
import io.eventlens.core.query.OverviewReports;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportQuery;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * A storage engine for events. Implementations live in their own modules (PostgreSQL, ClickHouse) and must pass the
 * storage contract suite in this module's test-jar. Every method is scoped to one project: no call may read or write
 * another project's events.
 */
public interface EventStorage {

    /**
     * Stores a batch durably; the returned Mono completes only after the batch is committed. Idempotent on event id
     * within a project: an id already stored (or repeated inside the batch) is counted as a duplicate and not
     * stored again.
     */
    Mono<WriteResult> write(ProjectId project, List<Event> events);

    /** Answers a report with the semantics documented on {@link ReportQuery}. */
    Mono<Report> report(ReportQuery query);

    /**
     * The headline numbers of a project: two {@link #report reports} (see {@link OverviewReports}), so engines answer
     * them with their planner and a storage in front of an engine (the report cache) keeps them like any report.
     */
    default Mono<Overview> overview(OverviewQuery query) {
        return OverviewReports.answer(query, this::report);
    }

    /** A page of raw events, newest first. */
    Mono<EventPage> events(EventPageQuery query);

    /** Answers a funnel with the semantics documented on {@link FunnelQuery}. */
    Mono<Funnel> funnel(FunnelQuery query);

    /** Answers a retention analysis with the semantics documented on {@link RetentionQuery}. */
    Mono<Retention> retention(RetentionQuery query);

    /** What the project takes in storage, for admins; engines that cannot tell answer an error. */
    default Mono<StorageUsage> usage(ProjectId project) {
        return Mono.error(new UnsupportedOperationException("this storage engine does not report its usage"));
    }

    /**
     * The class of a report's read, from how the engine would answer it (see {@link WorkloadClass}); engines that
     * cannot tell answer {@link WorkloadClass#RAW_SCAN}, the careful choice.
     */
    default Mono<WorkloadClass> workload(ReportQuery query) {
        return Mono.just(WorkloadClass.RAW_SCAN);
    }

    /**
     * Completes when the engine answers a trivial query now; a {@link StorageUnavailableException} (or any error)
     * when it does not. Readiness checks call it, so it must be cheap and bypass caches. Engines that cannot tell
     * complete at once.
     */
    default Mono<Void> ping() {
        return Mono.empty();
    }

    /** The engine's rollups; an engine without any answers every report from raw events. */
    default io.eventlens.core.rollup.RollupAdmin rollups() {
        return io.eventlens.core.rollup.RollupAdmin.NONE;
    }

    /** The engine's promoted properties; an engine without them reads every property from the JSON. */
    default io.eventlens.core.promotion.PropertyPromotions promotions() {
        return io.eventlens.core.promotion.PropertyPromotions.NONE;
    }
}
