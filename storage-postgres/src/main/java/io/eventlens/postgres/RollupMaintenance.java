package io.eventlens.postgres;

import io.eventlens.core.ProjectId;
import io.eventlens.core.rollup.RollupFreshness;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps every project's rollups fresh in the background: each tick seals what was committed since the last one (up
 * to the {@link SealTrail trail} behind the clock), then spends a bounded number of steps on backfilling history. Several instances may run it at once: each step
 * takes the project's lock and re-reads the bounds, so work is never done twice.
 */
final class RollupMaintenance implements AutoCloseable, RollupFreshness {

    private static final Log log = LogFactory.getLog(RollupMaintenance.class);

    /**
     * Backfilling time per project and tick: each step holds the project's writers back for a moment, so history
     * fills in steadily while writes still get most of the time.
     */
    static final Duration BACKFILL_PER_TICK = Duration.ofMillis(500);

    private final PostgresRollups rollups;
    private final RollupSealer sealer;
    /**
     * Partial rows of sketches and member sets: each seal adds one per key it touches to the rows of the last hours
     * and days, so those are compacted every few ticks (an index range); the whole history, where backfill slices
     * leave some, rarely (a scan of the project's rows).
     */
    static final int RECENT_COMPACTION_EVERY_TICKS = 5;

    /**
     * Where the frequent compaction starts: the day the seals are at, less an hour (so yesterday's daily rows get
     * their last partial rows merged after midnight). Seals add partial rows only to buckets from their watermark's
     * day on (no grain is coarser than a day); earlier buckets gain them from late writes alone, which the full
     * compaction merges. A fixed two days had been grouped every five seconds (at 10M events ~72,000 rollup rows,
     * most of them in buckets no seal touches any more); with compaction off, the read-path benchmark's background
     * ingest cost PostgreSQL 110 instead of 200 ms of CPU a second (one run each).
     */
    static Instant recentFrom(Instant now, Duration trail) {
        return now.minus(trail).minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.DAYS);
    }

    static final int FULL_COMPACTION_EVERY_TICKS = 300;

    private final Duration period;
    private final PartialRowCompaction compaction;
    private Disposable running = () -> {};
    /** Per project, an instant its watermark has reached (at most the real one): what the freshness gauges read. */
    private final Map<ProjectId, Instant> sealedUpTo = new ConcurrentHashMap<>();
    /** Projects whose last backfill round here stopped with history left to add. */
    private final Set<ProjectId> backfilling = ConcurrentHashMap.newKeySet();

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
                .concatMap(
                        tick -> sealer.projects()
                                .concatMap(project -> keep(project).then(compact(project, tick)))
                                .then()
                                .onErrorResume(error -> {
                                    // Next tick tries again; what was committed stays consistent either way.
                                    log.warn("Rollup upkeep failed, retrying in " + period + ": " + error);
                                    return Mono.empty();
                                }),
                        1)
                .subscribe();
    }

    private Mono<Void> compact(ProjectId project, long tick) {
        if (tick % FULL_COMPACTION_EVERY_TICKS == 0) {
            return compaction.compact(project, 20_000).then();
        }
        if (tick % RECENT_COMPACTION_EVERY_TICKS == 0) {
            return compaction
                    .compact(
                            project,
                            20_000,
                            recentFrom(Instant.now(), sealer.trail().current()))
                    .then();
        }
        return Mono.empty();
    }

    private Mono<Void> keep(ProjectId project) {
        return Mono.defer(() -> {
                    Duration trail = sealer.trail().current();
                    Instant target = Instant.now().minus(trail); // the seal stops at its own, later, now - trail
                    return sealer.seal(project, trail).doOnSuccess(done -> sealedUpTo.put(project, target));
                })
                .then(Mono.defer(() -> {
                    long deadline = System.nanoTime() + BACKFILL_PER_TICK.toNanos();
                    return sealer.backfillStep(project)
                            .repeat(() -> System.nanoTime() < deadline)
                            .takeUntil(more -> !more)
                            .last()
                            .doOnNext(more -> {
                                if (more) {
                                    backfilling.add(project);
                                } else {
                                    backfilling.remove(project);
                                }
                            })
                            .then();
                }));
    }

    @Override
    public @Nullable Instant oldestWatermark() {
        return sealedUpTo.values().stream().min(Instant::compareTo).orElse(null);
    }

    @Override
    public Duration sealTrail() {
        return sealer.trail().current();
    }

    @Override
    public int projectsBackfilling() {
        return backfilling.size();
    }

    @Override
    public long backfillSlices() {
        return sealer.slicesAdded();
    }

    @Override
    public void close() {
        running.dispose();
    }
}
