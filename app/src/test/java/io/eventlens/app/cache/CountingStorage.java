package io.eventlens.app.cache;

import io.eventlens.core.ProjectId;
import io.eventlens.core.analysis.Funnel;
import io.eventlens.core.analysis.FunnelQuery;
import io.eventlens.core.analysis.Retention;
import io.eventlens.core.analysis.RetentionQuery;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.EventPage;
import io.eventlens.core.query.EventPageQuery;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.rollup.RollupAdmin;
import io.eventlens.core.storage.EventStorage;
import io.eventlens.core.storage.WriteResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/**
 * The app's real storage engine, counting the reports it is asked for; each answer (the real one) is held back for
 * {@code hold}, so callers arriving meanwhile find the computation still running. Everything else passes through.
 */
final class CountingStorage implements EventStorage {

    private final EventStorage engine;
    private final Duration hold;
    private final AtomicInteger reports = new AtomicInteger();

    CountingStorage(EventStorage engine, Duration hold) {
        this.engine = engine;
        this.hold = hold;
    }

    /** Reports storage has been asked for (counted when the computation starts). */
    int reports() {
        return reports.get();
    }

    @Override
    public Mono<Report> report(ReportQuery query) {
        return Mono.defer(() -> {
            reports.incrementAndGet();
            Mono<Report> answer = engine.report(query);
            return hold.isZero() ? answer : answer.delayElement(hold);
        });
    }

    @Override
    public Mono<WriteResult> write(ProjectId project, List<Event> events) {
        return engine.write(project, events);
    }

    @Override
    public Mono<EventPage> events(EventPageQuery query) {
        return engine.events(query);
    }

    @Override
    public Mono<Funnel> funnel(FunnelQuery query) {
        return engine.funnel(query);
    }

    @Override
    public Mono<Retention> retention(RetentionQuery query) {
        return engine.retention(query);
    }

    @Override
    public RollupAdmin rollups() {
        return engine.rollups();
    }
}
