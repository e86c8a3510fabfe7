package io.eventlens.app.resilience;

import io.eventlens.core.ProjectId;
import io.eventlens.core.analysis.Funnel;
import io.eventlens.core.analysis.FunnelQuery;
import io.eventlens.core.analysis.Retention;
import io.eventlens.core.analysis.RetentionQuery;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.EventPage;
import io.eventlens.core.query.EventPageQuery;
import io.eventlens.core.query.Overview;
import io.eventlens.core.query.OverviewQuery;
import io.eventlens.core.query.OverviewReports;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.rollup.RollupAdmin;
import io.eventlens.core.storage.EventStorage;
import io.eventlens.core.storage.ReadHints;
import io.eventlens.core.storage.ReadTooSlowException;
import io.eventlens.core.storage.StorageUnavailableException;
import io.eventlens.core.storage.StorageUsage;
import io.eventlens.core.storage.WorkloadClass;
import io.eventlens.core.storage.WriteResult;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The storage engine behind guards. Identical reports share one read per round ({@link ReadRounds}). Reads run in a lane of their class ({@link WorkloadClass}, from the engine's plan):
 * reads answered from rollups in one, scans of raw events in a narrow one with a short queue, so scans can never take
 * the capacity rollup-answered reads need. Each class has its own time limit; a read past it is cancelled (and stopped
 * in the database) and answered READ_TIMEOUT, a full lane OVERLOADED, both with what to do next. A circuit breaker
 * answers STORAGE_UNAVAILABLE at once while storage itself fails: it counts failures of storage only, never slow reads
 * or full lanes. Writes: retried with backoff, which is safe because a write is idempotent on event ids, then failed
 * fast by their own circuit breaker.
 */
final class ResilientEventStorage implements EventStorage {

    private final EventStorage engine;
    private final ResilienceProperties properties;
    private final CircuitBreaker reads;
    private final CircuitBreaker writes;
    private final ReadLane rollupReads;
    private final ReadLane scans;
    private final ReadRounds<ReportQuery, Report> reports = new ReadRounds<>();
    private final CircuitBreakerRegistry circuits = CircuitBreakerRegistry.ofDefaults();
    private final ReadMeters meters;
    private final StorageSpans spans;
    private final Counter errors;

    ResilientEventStorage(EventStorage engine, ResilienceProperties properties) {
        this(engine, properties, new SimpleMeterRegistry(), StorageSpans.NONE, "postgres");
    }

    /** @param engineName the engine's name ({@code eventlens.storage.engine}), the tag of its error counter */
    ResilientEventStorage(
            EventStorage engine,
            ResilienceProperties properties,
            MeterRegistry meterRegistry,
            StorageSpans spans,
            String engineName) {
        this.engine = engine;
        this.spans = spans;
        this.properties = properties;
        CircuitBreakerConfig circuit = CircuitBreakerConfig.custom()
                .failureRateThreshold(properties.failureRateThreshold())
                .minimumNumberOfCalls(properties.minimumCalls())
                .slidingWindowSize(Math.max(properties.minimumCalls(), 20))
                .waitDurationInOpenState(properties.openFor())
                .permittedNumberOfCallsInHalfOpenState(2)
                .recordException(ResilientEventStorage::storageFailure)
                .build();
        // Kept in a registry so Resilience4j's Micrometer module can publish their state and calls.
        this.reads = circuits.circuitBreaker("eventlens-storage-reads", circuit);
        this.writes = circuits.circuitBreaker("eventlens-storage-writes", circuit);
        this.rollupReads =
                new ReadLane("reads answered from rollups", properties.maxConcurrentReads(), 0, Duration.ZERO);
        this.scans = new ReadLane(
                "scans of raw events",
                properties.maxConcurrentScans(),
                properties.scanQueue(),
                properties.scanQueueWait());
        this.meters = new ReadMeters(meterRegistry, rollupReads, scans);
        this.errors = Counter.builder("eventlens.storage.errors")
                .description("Calls to the storage engine's server that failed (unreachable, refused, server error), "
                        + "each attempt of a retried write; slow reads and full lanes are no errors")
                .tag("engine", engineName)
                .register(meterRegistry);
    }

    /** The circuit breakers, for their metrics. */
    CircuitBreakerRegistry circuits() {
        return circuits;
    }

    CircuitBreaker.State readCircuit() {
        return reads.getState();
    }

    @Override
    public Mono<WriteResult> write(ProjectId project, List<Event> events) {
        return spans.around(
                        "eventlens.storage.write",
                        "operation",
                        "write",
                        Mono.defer(() -> engine.write(project, events)).doOnError(this::count))
                .retryWhen(Retry.backoff(properties.writeAttempts() - 1L, properties.writeBackoff())
                        .filter(ResilientEventStorage::storageFailure)
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                .transformDeferred(CircuitBreakerOperator.of(writes))
                .onErrorMap(CallNotPermittedException.class, this::unavailable);
    }

    @Override
    public Mono<Report> report(ReportQuery query) {
        return Mono.deferContextual(context -> ReadHints.isExplained(context)
                ? guardedReport(query) // the timings are this request's own
                : reports.join(query, () -> guardedReport(query)));
    }

    private Mono<Report> guardedReport(ReportQuery query) {
        return spans.around("eventlens.report.plan", "operation", "plan", engine.workload(query))
                .flatMap(workload -> {
                    long start = System.nanoTime();
                    return read(workload, "report", Mono.defer(() -> engine.report(query)))
                            .doOnNext(report -> meters.answered(workload, report, System.nanoTime() - start));
                });
    }

    @Override
    public Mono<WorkloadClass> workload(ReportQuery query) {
        return engine.workload(query);
    }

    @Override
    public Mono<Overview> overview(OverviewQuery query) {
        // Its two reports, each in its lane and shared with identical ones (the headline of all time, say).
        return OverviewReports.answer(query, this::report);
    }

    @Override
    public Mono<EventPage> events(EventPageQuery query) {
        // A page of the newest events walks the time index; a filter on a property may read far to fill it.
        boolean scans = query.filters().stream().anyMatch(f -> !(f.dimension() instanceof Dimension.Column));
        return read(
                scans ? WorkloadClass.RAW_SCAN : WorkloadClass.ROLLUPS,
                "events",
                Mono.defer(() -> engine.events(query)));
    }

    @Override
    public Mono<Funnel> funnel(FunnelQuery query) {
        return read(WorkloadClass.RAW_SCAN, "funnel", Mono.defer(() -> engine.funnel(query)));
    }

    @Override
    public Mono<Retention> retention(RetentionQuery query) {
        return read(WorkloadClass.RAW_SCAN, "retention", Mono.defer(() -> engine.retention(query)));
    }

    @Override
    public Mono<StorageUsage> usage(ProjectId project) {
        return read(WorkloadClass.RAW_SCAN, "usage", Mono.defer(() -> engine.usage(project)));
    }

    /**
     * Straight to the engine: readiness must see storage itself, not the circuit's memory of it. A failed ping is an
     * error of the engine's client like any other.
     */
    @Override
    public Mono<Void> ping() {
        return engine.ping().doOnError(this::count);
    }

    @Override
    public RollupAdmin rollups() {
        return engine.rollups();
    }

    /**
     * A read in its class's lane, within its class's time limit; past it the read is cancelled, which stops it in the
     * database, and answered READ_TIMEOUT. Only failures of storage itself count against the circuit.
     */
    private <T> Mono<T> read(WorkloadClass workload, String operation, Mono<T> call) {
        Duration limit = workload == WorkloadClass.ROLLUPS ? properties.rollupReadTimeout() : properties.readTimeout();
        ReadLane lane = workload == WorkloadClass.ROLLUPS ? rollupReads : scans;
        return lane.run(spans.around("eventlens.storage.read", "operation", operation, call.doOnError(this::count))
                        .timeout(limit, Mono.error(() -> new ReadTooSlowException(tooSlow(workload, limit)))))
                .transformDeferred(CircuitBreakerOperator.of(reads))
                .onErrorMap(CallNotPermittedException.class, this::unavailable);
    }

    private static String tooSlow(WorkloadClass workload, Duration limit) {
        return workload == WorkloadClass.ROLLUPS
                ? "the read took longer than " + limit.toMillis() + " ms and was stopped; retry shortly"
                : "the read scans raw events and took longer than the " + limit.toMillis() + " ms such reads may; it"
                        + " was stopped. Narrow the time range, filter by a column instead of a property, or define a"
                        + " rollup that answers it";
    }

    private Throwable unavailable(Throwable guard) {
        return new StorageUnavailableException(
                "storage failed repeatedly; calls are refused for up to "
                        + properties.openFor().toSeconds() + " s before it is tried again",
                guard);
    }

    /** What opens a circuit: storage failing, not a read that was slow, refused for load or bad. */
    private void count(Throwable error) {
        if (storageFailure(error)) {
            errors.increment();
        }
    }

    private static boolean storageFailure(Throwable error) {
        return error instanceof StorageUnavailableException;
    }

    /** Promotions never change an answer, so they pass through as they are. */
    @Override
    public io.eventlens.core.promotion.PropertyPromotions promotions() {
        return engine.promotions();
    }
}
