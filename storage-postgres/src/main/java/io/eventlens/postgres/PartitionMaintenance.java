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
    private volatile Disposable schedule = () -> { };

    PartitionMaintenance(MonthlyPartitions partitions, Clock clock, Duration period) {
        this.partitions = partitions;
        this.clock = clock;
        this.period = period;
    }

    /** Creates the partitions now, then keeps doing so every period until closed. */
    void start() {
        ensureAhead().block(Duration.ofMinutes(1));
        schedule = Flux.interval(period, period)
                .onBackpressureDrop()
                .concatMap(tick -> ensureAhead().onErrorResume(error -> {
                    // The next run tries again; writes create missing months themselves meanwhile.
                    log.warn("Creating event partitions ahead failed", error);
                    return Mono.empty();
                }))
                .subscribe();
    }

    Mono<Void> ensureAhead() {
        YearMonth current = MonthlyPartitions.monthOf(clock.instant());
        List<YearMonth> months = IntStream.rangeClosed(-1, 3).mapToObj(current::plusMonths).toList();
        return partitions.ensure(months);
    }

    @Override
    public void close() {
        schedule.dispose();
    }
}
