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
import io.eventlens.core.rollup.Rollup;
import io.eventlens.core.rollup.RollupAdmin;
import io.eventlens.core.rollup.RollupStatus;
import io.eventlens.core.storage.EventStorage;
import io.eventlens.core.storage.ReadHints;
import io.eventlens.core.storage.StorageUsage;
import io.eventlens.core.storage.WriteResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Storage with report answers cached in Redis. The write generations are replaced inside {@link #write}, after the
 * commit and before the write completes, so by the time an ingest is acknowledged no cached answer it changes is
 * used any more. A report reads the generations before it asks storage, so an answer that raced a write is stored
 * under the generation that write replaced, and never used. Identical reports that miss at the same time share one
 * storage computation ({@link InFlight}). The overview needs nothing of its own: it is two reports
 * ({@link EventStorage#overview}), cached like any.
 */
final class CachingEventStorage implements EventStorage {

    private final EventStorage storage;
    private final ReportCache cache;
    private final CacheProperties properties;
    private final Clock clock;
    private final InFlight<Flight, Report> flights = new InFlight<>();
    private final Counter hits;
    private final Counter misses;
    private final Counter unavailable;

    /**
     * What a computation may be shared by: the same report of the same project under the same generations (read
     * before storage is asked), so a waiter never gets an answer that misses a write it saw acknowledged.
     */
    private record Flight(ProjectId project, String key, String writes, String late) {}

    CachingEventStorage(EventStorage storage, ReportCache cache, CacheProperties properties, Clock clock) {
        this(storage, cache, properties, clock, new SimpleMeterRegistry());
    }

    CachingEventStorage(
            EventStorage storage, ReportCache cache, CacheProperties properties, Clock clock, MeterRegistry meters) {
        this.storage = storage;
        this.cache = cache;
        this.properties = properties;
        this.clock = clock;
        this.hits = lookups(meters, "hit");
        this.misses = lookups(meters, "miss");
        this.unavailable = lookups(meters, "unavailable");
    }

    /** One handle per result, made once: a lookup only increments. */
    private static Counter lookups(MeterRegistry meters, String result) {
        return Counter.builder("eventlens.report.cache.lookups")
                .description("Report cache lookups: hit, miss, or unavailable (Redis away; answered from storage)")
                .tag("result", result)
                .register(meters);
    }

    @Override
    public Mono<WriteResult> write(ProjectId project, List<Event> events) {
        return storage.write(project, events)
                .flatMap(written -> written.inserted() == 0
                        ? Mono.just(written)
                        : cache.written(project, late(events)).thenReturn(written));
    }

    @Override
    public Mono<Report> report(ReportQuery query) {
        return Mono.deferContextual(context -> ReadHints.isUncached(context) ? storage.report(query) : cached(query));
    }

    private Mono<Report> cached(ReportQuery query) {
        return Mono.defer(() -> {
            // Taken before the generations are read: a write after this instant with an event inside a closed
            // range is necessarily late, so it replaces the late-write generation.
            boolean closed = !query.range().to().isAfter(clock.instant().minus(properties.lag()));
            String key = ReportKey.of(query);
            return cache.lookup(query.project(), key)
                    .flatMap(lookup -> {
                        CachedReport entry = lookup.entry();
                        if (entry != null && entry.validUnder(lookup.writes(), lookup.late())) {
                            hits.increment();
                            return Mono.just(entry.report()
                                    .withMeta(entry.report().meta().fromCache()));
                        }
                        misses.increment();
                        return flights.join(
                                new Flight(query.project(), key, lookup.writes(), lookup.late()),
                                () -> storage.report(query)
                                        .flatMap(report -> cache.store(
                                                        query.project(),
                                                        key,
                                                        lookup,
                                                        closed,
                                                        ttl(query, closed, report),
                                                        report)
                                                .thenReturn(report)));
                    })
                    .switchIfEmpty(Mono.defer(() -> {
                        unavailable.increment();
                        return storage.report(query);
                    }));
        });
    }

    /**
     * Long for a closed range, unless raw events answered a query rollups may answer: the platform's rollup upkeep
     * soon answers it from rollups (same values), and the answer's source should say so before long.
     */
    private Duration ttl(ReportQuery query, boolean closed, Report report) {
        boolean settled = query.sources() == ReportQuery.Sources.EVENTS_ONLY
                || Arrays.stream(report.meta().source().split("\\+")).noneMatch("events"::equals);
        return closed && settled ? properties.closedRangeTtl() : properties.openRangeTtl();
    }

    private boolean late(List<Event> events) {
        Instant edge = clock.instant().minus(properties.lag());
        return events.stream().anyMatch(event -> event.timestamp().isBefore(edge));
    }

    @Override
    public Mono<io.eventlens.core.storage.WorkloadClass> workload(ReportQuery query) {
        return storage.workload(query);
    }

    @Override
    public Mono<Void> ping() {
        return storage.ping();
    }

    @Override
    public Mono<EventPage> events(EventPageQuery query) {
        return storage.events(query);
    }

    @Override
    public Mono<Funnel> funnel(FunnelQuery query) {
        return storage.funnel(query);
    }

    @Override
    public Mono<Retention> retention(RetentionQuery query) {
        return storage.retention(query);
    }

    @Override
    public Mono<StorageUsage> usage(ProjectId project) {
        return storage.usage(project);
    }

    /** Defining, removing or rebuilding rollups changes what answers a report, so the project's entries go. */
    @Override
    public RollupAdmin rollups() {
        RollupAdmin rollups = storage.rollups();
        return new RollupAdmin() {
            @Override
            public Mono<List<RollupStatus>> list(ProjectId project) {
                return rollups.list(project);
            }

            @Override
            public Mono<RollupStatus> define(ProjectId project, Rollup rollup) {
                return rollups.define(project, rollup)
                        .flatMap(status -> cache.written(project, true).thenReturn(status));
            }

            @Override
            public Mono<Boolean> remove(ProjectId project, String name) {
                return rollups.remove(project, name)
                        .flatMap(removed -> cache.written(project, true).thenReturn(removed));
            }

            @Override
            public Mono<Void> refresh(ProjectId project) {
                return rollups.refresh(project).then(cache.written(project, true));
            }
        };
    }

    /** Promotions never change an answer, so they pass through as they are. */
    @Override
    public io.eventlens.core.promotion.PropertyPromotions promotions() {
        return storage.promotions();
    }
}
