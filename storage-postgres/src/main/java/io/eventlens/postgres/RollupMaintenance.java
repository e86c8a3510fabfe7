package io.eventlens.postgres;

import io.eventlens.core.ProjectId;
import io.eventlens.core.rollup.Rollup;
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
     * Partial rows of sketches and member sets, and rollup rows: each seal adds one per key it touches to the rows of
     * the last minutes, hours and today, so those are compacted every few ticks, each rollup from the bucket its grain
     * puts an hour before the seals in ({@link PartialRowCompaction#compactRecent}); history, where late writes and
     * backfill slices add rows, by a sweep a day at a time.
     */
    static final int RECENT_COMPACTION_EVERY_TICKS = 5;

    /**
     * Rollups of a day's grain keyed by user or session ids are compacted less often: the seals add to all of today's
     * keys of theirs, so each pass groups a row per member active today (at 10M events ~32,000 of the 42,000 rows a
     * pass over all rollups grouped, in {@code type_user_1d}). The other daily rollups hold a few rows per dimension
     * value and are read by every range that ends today: left for a minute, {@code type_1d}'s today held up to 60 rows
     * per type, and Q1's seven days read 130 rows where 35 answer it.
     */
    static final int MEMBER_DAYS_COMPACTION_EVERY_TICKS = 60;

    /**
     * The instant the frequent compaction's windows start from, each rollup at the bucket this falls in: an hour
     * before the seals, so a bucket gets its last partial rows merged after the seals have moved past it. Seals add
     * rows only from their watermark on; earlier buckets gain them from late writes alone, which the sweep merges.
     */
    static Instant sealsEdge(Instant now, Duration trail) {
        return now.minus(trail).minus(Duration.ofHours(1));
    }

    /**
     * The last day the history sweep compacts: the day of the seals' edge. The frequent compaction had started there
     * for every rollup, and two days back before that (at 10M events ~72,000 rollup rows grouped every five seconds,
     * most in buckets no seal touches any more).
     */
    static Instant recentFrom(Instant now, Duration trail) {
        return sealsEdge(now, trail).truncatedTo(ChronoUnit.DAYS);
    }

    /**
     * How often the compaction sweeps history, where late writes, imports and a bulk seed add rows: a day at a time,
     * from the oldest bucket up to the frequent compaction's window, for at most {@link #HISTORY_COMPACTION_PER_TICK}
     * a tick, at start and then hourly. One pass over all history had been limited to 20,000 keys every 300 ticks, so
     * a seeded 10M directory (11.3M rollup rows for ~1M keys) stayed uncompacted for hours, and each pass grouped
     * every row up to its limit again (3.6 s for the first 20,000 keys, more for each later one). A sweep with nothing
     * to merge still groups every row once (at 10M events ~7 s of PostgreSQL's CPU), so it runs hourly, not every
     * five minutes: late rows cost reports a little until then, never a wrong answer.
     */
    static final int HISTORY_SWEEP_EVERY_TICKS = 3_600;

    static final Duration HISTORY_COMPACTION_PER_TICK = Duration.ofMillis(500);

    /**
     * How often the rollup tables are checked for indexes to rebuild ({@link RollupIndexRebuild}): a check reads
     * PostgreSQL's statistics; a rebuild runs beside the seals, not in their ticks (1M rollup rows took ~5 s).
     */
    static final Duration INDEX_REBUILD_EVERY = Duration.ofMinutes(10);

    /** Keys merged per statement: a day of a bulk seed's rows takes a few passes, each under a second or two. */
    static final int COMPACTION_KEYS = 20_000;

    private final Duration period;
    private final int compactionKeys;
    private final PartialRowCompaction compaction;
    private Disposable running = () -> {};
    private final RollupIndexRebuild indexRebuild;
    private Disposable indexRebuilds = () -> {};
    /** Per project, an instant its watermark has reached (at most the real one): what the freshness gauges read. */
    private final Map<ProjectId, Instant> sealedUpTo = new ConcurrentHashMap<>();
    /** Per project sweeping history, the next day to compact. */
    private final Map<ProjectId, Instant> historyCompactedTo = new ConcurrentHashMap<>();
    /** Projects whose last backfill round here stopped with history left to add. */
    private final Set<ProjectId> backfilling = ConcurrentHashMap.newKeySet();

    RollupMaintenance(PostgresRollups rollups, Duration period) {
        this(rollups, period, COMPACTION_KEYS);
    }

    RollupMaintenance(PostgresRollups rollups, Duration period, int compactionKeys) {
        this.rollups = rollups;
        this.compactionKeys = compactionKeys;
        this.sealer = rollups.sealer();
        this.compaction = rollups.compaction();
        this.indexRebuild = rollups.indexRebuild();
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
        indexRebuilds = Flux.interval(Duration.ofMinutes(1), INDEX_REBUILD_EVERY)
                .onBackpressureDrop()
                .concatMap(
                        check -> indexRebuild.rebuildWhereDue().onErrorResume(error -> {
                            // Reports stay right with a sparse index, only slower; the next check tries again.
                            log.warn("Rebuilding the rollup indexes failed, trying again in " + INDEX_REBUILD_EVERY
                                    + ": " + error);
                            return Mono.empty();
                        }),
                        1)
                .subscribe();
    }

    /** One tick's compaction of a project: the frequent one on its ticks, and the history sweep while it runs. */
    Mono<Void> compact(ProjectId project, long tick) {
        Mono<Void> recent = tick % RECENT_COMPACTION_EVERY_TICKS == 0
                ? Mono.defer(() -> {
                    boolean memberDays = tick % MEMBER_DAYS_COMPACTION_EVERY_TICKS == 0;
                    Instant edge = sealsEdge(Instant.now(), sealer.trail().current());
                    return compaction
                            .compactRecent(
                                    project, compactionKeys, edge, rollup -> memberDays || !dailyByMember(rollup))
                            .then();
                })
                : Mono.empty();
        Mono<Void> sweepStarts = tick % HISTORY_SWEEP_EVERY_TICKS == 0 && !historyCompactedTo.containsKey(project)
                ? compaction
                        .oldestBucket(project)
                        .doOnNext(oldest -> oldest.ifPresent(
                                bucket -> historyCompactedTo.put(project, bucket.truncatedTo(ChronoUnit.DAYS))))
                        .then()
                : Mono.empty();
        return recent.then(sweepStarts)
                .then(Mono.defer(
                        () -> compactHistory(project, System.nanoTime() + HISTORY_COMPACTION_PER_TICK.toNanos())));
    }

    private static boolean dailyByMember(Rollup rollup) {
        return rollup.keysMembers() && rollup.grain().compareTo(Duration.ofDays(1)) >= 0;
    }

    /** Whether the project's history sweep has days left. */
    boolean sweeping(ProjectId project) {
        return historyCompactedTo.containsKey(project);
    }

    /**
     * Compacts the sweep's next day until the deadline, moving on when a pass leaves nothing of that day, and ends the
     * sweep after the day the seals are at: the frequent compaction covers only each rollup's last buckets, so a late
     * write into an earlier hour of today is merged here.
     */
    private Mono<Void> compactHistory(ProjectId project, long deadline) {
        return Mono.defer(() -> {
            Instant day = historyCompactedTo.get(project);
            if (day == null) {
                return Mono.empty();
            }
            Instant recent = recentFrom(Instant.now(), sealer.trail().current());
            if (day.isAfter(recent)) {
                historyCompactedTo.remove(project);
                return Mono.empty();
            }
            Instant next = day.plus(1, ChronoUnit.DAYS);
            return compaction.compact(project, compactionKeys, day, next).flatMap(pass -> {
                if (!pass.more()) {
                    historyCompactedTo.put(project, next);
                }
                return System.nanoTime() < deadline ? compactHistory(project, deadline) : Mono.empty();
            });
        });
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
        indexRebuilds.dispose();
    }
}
