package io.eventlens.postgres;

import io.eventlens.core.ProjectId;
import java.time.Duration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps every project's rollups fresh in the background: each tick seals what was committed since the last one (up
 * to the {@link SealTrail trail} behind the clock), then spends a bounded number of steps on backfilling history. Several instances may run it at once: each step
 * takes the project's lock and re-reads the bounds, so work is never done twice.
 */
final class RollupMaintenance implements AutoCloseable {

    private static final Log log = LogFactory.getLog(RollupMaintenance.class);

    /**
     * Backfilling time per project and tick: each step holds the project's writers back for a moment, so history
     * fills in steadily while writes still get most of the time.
     */
    static final Duration BACKFILL_PER_TICK = Duration.ofMillis(500);
    private final PostgresRollups rollups;
    private final RollupSealer sealer;
    /** Sketch rows are compacted every this many ticks: partial rows pile up slowly, merging them costs a scan. */
    static final int COMPACTION_EVERY_TICKS = 15;

    private final Duration period;
    private final SketchCompaction compaction;
    private Disposable running = () -> { };

    RollupMaintenance(PostgresRollups rollups, Duration period) {
        this.rollups = rollups;
        this.sealer = rollups.sealer();
        this.compaction = rollups.compaction();
        this.period = period;
    }

    void start() {
        rollups.installDefaults().block(Duration.ofMinutes(1));
        running = Flux.interval(period)
                .onBackpressureDrop()
                .concatMap(tick -> sealer.projects().concatMap(project -> keep(project)
                                .then(tick % COMPACTION_EVERY_TICKS == 0 ? compaction.compact(project, 2000).then()
                                        : Mono.empty())).then()
                        .onErrorResume(error -> {
                            // Next tick tries again; what was committed stays consistent either way.
                            log.warn("Rollup upkeep failed, retrying in " + period + ": " + error);
                            return Mono.empty();
                        }), 1)
                .subscribe();
    }

    private Mono<Void> keep(ProjectId project) {
        return sealer.seal(project, sealer.trail().current())
                .then(Mono.defer(() -> {
                    long deadline = System.nanoTime() + BACKFILL_PER_TICK.toNanos();
                    return sealer.backfillStep(project).repeat(() -> System.nanoTime() < deadline)
                            .takeUntil(more -> !more).then();
                }));
    }

    @Override
    public void close() {
        running.dispose();
    }
}
