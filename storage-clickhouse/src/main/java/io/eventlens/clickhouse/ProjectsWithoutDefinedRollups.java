package io.eventlens.clickhouse;

import io.eventlens.core.ProjectId;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Projects last seen without a ready rollup of their own, remembered for a moment so that their reports are planned
 * over the built-in rollups without asking ClickHouse for the project's definitions first: that lookup was two of
 * the four statements of a rollup-answered report (one for the read's workload class, one for its plan).
 *
 * <p>Always safe: the built-in rollups hold every event, so a plan that misses a rollup defined meanwhile (on any
 * instance) reads more rows, never different ones. A project with ready rollups of its own is not remembered: one of
 * them removed on another instance stops being fed at once and must not be planned again. Changes made here are
 * seen at once ({@link #forget}); ready rollups defined on other instances within {@link #FRESH}.
 */
final class ProjectsWithoutDefinedRollups {

    /** How long a project's "no rollups of its own" holds before its definitions are read again. */
    static final Duration FRESH = Duration.ofSeconds(2);

    private final ConcurrentHashMap<ProjectId, Long> seenAt = new ConcurrentHashMap<>();
    /** Counts {@link #forget} calls: a lookup that began before one does not record what it found. */
    private final AtomicLong changes = new AtomicLong();

    private final LongSupplier nanoTime;

    ProjectsWithoutDefinedRollups(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** Whether the project was seen without ready rollups of its own less than {@link #FRESH} ago. */
    boolean known(ProjectId project) {
        Long seen = seenAt.get(project);
        return seen != null && nanoTime.getAsLong() - seen < FRESH.toNanos();
    }

    /** Where a lookup of the project's definitions begins: hand it back to {@link #seenWithout}. */
    Lookup lookup() {
        return new Lookup(nanoTime.getAsLong(), changes.get());
    }

    /** Records a lookup that found no ready rollup of the project's own, unless a change came in between. */
    void seenWithout(ProjectId project, Lookup lookup) {
        seenAt.put(project, lookup.startedNanos());
        if (changes.get() != lookup.changes()) {
            seenAt.remove(project);
        }
    }

    /** The project's definitions changed here: the next report reads them. */
    void forget(ProjectId project) {
        changes.incrementAndGet();
        seenAt.remove(project);
    }

    record Lookup(long startedNanos, long changes) {}
}
