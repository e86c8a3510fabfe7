package io.eventlens.postgres;

import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps partitions ready ahead of time (last month to three months ahead), at start and then daily, so the write
 * path rarely has to create one. Writes still create any month they touch on demand.
 */
final class PartitionMaintenance implements AutoCloseable {

    private static final Log log = LogFactory.getLog(PartitionMaintenance.class);

    private final MonthlyPartitions partitions;
    private final Clock clock;
    private final Duration period;
    private final @org.jspecify.annotations.Nullable RawEventRetention retention;
    private volatile Disposable schedule = () -> {};

    PartitionMaintenance(MonthlyPartitions partitions, Clock clock, Duration period) {
        this(partitions, clock, period, null);
    }

    /** The same, also dropping months of raw events past their retention on every run. */
    PartitionMaintenance(
            MonthlyPartitions partitions,
            Clock clock,
            Duration period,
            @org.jspecify.annotations.Nullable RawEventRetention retention) {
        this.partitions = partitions;
        this.clock = clock;
        this.period = period;
        this.retention = retention;
    }

    /** Creates the partitions now, then keeps doing so every period until closed. */
    void start() {
        ensureAhead().block(Duration.ofMinutes(1));
        schedule = Flux.interval(period, period)
                .onBackpressureDrop()
                .concatMap(tick -> ensureAhead()
                        .onErrorResume(error -> {
                            // The next run tries again; writes create missing months themselves meanwhile.
                            log.warn("Creating event partitions ahead failed", error);
                            return Mono.empty();
                        })
                        .then(dropExpired()))
                .subscribe();
    }

    private Mono<Void> dropExpired() {
        if (retention == null) {
            return Mono.empty();
        }
        return retention
                .dropExpired(clock.instant())
                .doOnNext(months -> {
                    if (!months.isEmpty()) {
                        log.info("Dropped raw events of " + months + " (past eventlens.storage.retention.raw-events)");
                    }
                })
                .onErrorResume(error -> {
                    log.warn("Dropping expired raw events failed; the next run tries again", error);
                    return Mono.empty();
                })
                .then();
    }

    Mono<Void> ensureAhead() {
        YearMonth current = MonthlyPartitions.monthOf(clock.instant());
        List<YearMonth> months =
                IntStream.rangeClosed(-1, 3).mapToObj(current::plusMonths).toList();
        return partitions.ensure(months);
    }

    @Override
    public void close() {
        schedule.dispose();
    }
}
