package io.eventlens.app.resilience;

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
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.rollup.RollupAdmin;
import io.eventlens.core.storage.EventStorage;
import io.eventlens.core.storage.StorageUnavailableException;
import io.eventlens.core.storage.StorageUsage;
import io.eventlens.core.storage.WriteResult;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The storage engine behind guards. Reads: a time limit, a bulkhead (bounded reads in flight) and a circuit breaker,
 * so a database that is gone is answered with STORAGE_UNAVAILABLE at once instead of piling up waiting requests.
 * Writes: retried with backoff, which is safe because a write is idempotent on event ids, then failed fast by their
 * own circuit breaker. Only storage failures count against a circuit, never a client's bad query.
 */
final class ResilientEventStorage implements EventStorage {

    private final EventStorage engine;
    private final ResilienceProperties properties;
    private final CircuitBreaker reads;
    private final CircuitBreaker writes;
    private final Bulkhead bulkhead;

    ResilientEventStorage(EventStorage engine, ResilienceProperties properties) {
        this.engine = engine;
        this.properties = properties;
        CircuitBreakerConfig circuit = CircuitBreakerConfig.custom()
                .failureRateThreshold(properties.failureRateThreshold())
                .minimumNumberOfCalls(properties.minimumCalls())
                .slidingWindowSize(Math.max(properties.minimumCalls(), 20))
                .waitDurationInOpenState(properties.openFor())
                .permittedNumberOfCallsInHalfOpenState(2)
                .recordException(ResilientEventStorage::storageFailure)
                .build();
        this.reads = CircuitBreaker.of("eventlens-storage-reads", circuit);
        this.writes = CircuitBreaker.of("eventlens-storage-writes", circuit);
        this.bulkhead = Bulkhead.of("eventlens-storage-reads", BulkheadConfig.custom()
                .maxConcurrentCalls(properties.maxConcurrentReads()).maxWaitDuration(Duration.ZERO).build());
    }

    CircuitBreaker.State readCircuit() {
        return reads.getState();
    }

    @Override
    public Mono<WriteResult> write(ProjectId project, List<Event> events) {
        return Mono.defer(() -> engine.write(project, events))
                .retryWhen(Retry.backoff(properties.writeAttempts() - 1L, properties.writeBackoff())
                        .filter(ResilientEventStorage::storageFailure)
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                .transformDeferred(CircuitBreakerOperator.of(writes))
                .onErrorMap(ResilientEventStorage::guardFailure, this::unavailable);
    }

    @Override
    public Mono<Report> report(ReportQuery query) {
        return read(Mono.defer(() -> engine.report(query)));
    }

    @Override
    public Mono<Overview> overview(OverviewQuery query) {
        return read(Mono.defer(() -> engine.overview(query)));
    }

    @Override
    public Mono<EventPage> events(EventPageQuery query) {
        return read(Mono.defer(() -> engine.events(query)));
    }

    @Override
    public Mono<Funnel> funnel(FunnelQuery query) {
        return read(Mono.defer(() -> engine.funnel(query)));
    }

    @Override
    public Mono<Retention> retention(RetentionQuery query) {
        return read(Mono.defer(() -> engine.retention(query)));
    }

    @Override
    public Mono<StorageUsage> usage(ProjectId project) {
        return read(Mono.defer(() -> engine.usage(project)));
    }

    @Override
    public RollupAdmin rollups() {
        return engine.rollups();
    }

    private <T> Mono<T> read(Mono<T> call) {
        Duration limit = properties.readTimeout();
        return call
                .timeout(limit, Mono.error(() -> new StorageUnavailableException("a storage read took longer than "
                        + limit.toMillis() + " ms", new TimeoutException())))
                .transformDeferred(BulkheadOperator.of(bulkhead))
                .transformDeferred(CircuitBreakerOperator.of(reads))
                .onErrorMap(ResilientEventStorage::guardFailure, this::unavailable);
    }

    private Throwable unavailable(Throwable guard) {
        return new StorageUnavailableException(switch (guard) {
            case CallNotPermittedException e -> "storage failed repeatedly; calls are refused for up to "
                    + properties.openFor().toSeconds() + " s before it is tried again";
            case BulkheadFullException e -> "too many storage reads in flight (" + properties.maxConcurrentReads()
                    + ")";
            default -> "storage guard refused the call";
        }, guard);
    }

    private static boolean guardFailure(Throwable error) {
        return error instanceof CallNotPermittedException || error instanceof BulkheadFullException;
    }

    private static boolean storageFailure(Throwable error) {
        return error instanceof StorageUnavailableException || error instanceof TimeoutException;
    }
}
