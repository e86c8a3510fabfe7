package io.eventlens.postgres;

import io.eventlens.core.ProjectId;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * What each project's rollups hold, as reports plan with it, remembered for a moment instead of read before every
 * report. Safe to be a little old: a stale watermark or coverage only sends more of a range to raw events, and the
 * one thing an old view could get wrong — reading a removed rollup, or the row a seal has added to since — is
 * checked by every statement in its own snapshot ({@code rollup_plan_holds}); when that check fails the view is
 * forgotten and the report planned again ({@link #forget}).
 */
final class PlanningViews {

    /** Longest a view is used before it is read again; seals of this instance and failed checks end it sooner. */
    static final Duration MAX_AGE = Duration.ofSeconds(1);

    private static final Duration FOREVER = Duration.ofDays(365);

    private record Remembered(Mono<RollupCatalog.PlanningView> view, long readAt) {}

    private final RollupCatalog catalog;
    private final Map<ProjectId, Remembered> views = new ConcurrentHashMap<>();

    PlanningViews(RollupCatalog catalog) {
        this.catalog = catalog;
    }

    /** The remembered view, or a fresh read shared by every report that asks for it while it runs. */
    Mono<RollupCatalog.PlanningView> current(ProjectId project) {
        return Mono.defer(() -> views.compute(
                        project,
                        (key, known) -> known != null && System.nanoTime() - known.readAt() < MAX_AGE.toNanos()
                                ? known
                                : read(key))
                .view());
    }

    /** Forgets the project's view: the next report reads it again. */
    void forget(ProjectId project) {
        views.remove(project);
    }

    private Remembered read(ProjectId project) {
        // Age is kept here; a failed read is not remembered at all, so the next report tries again.
        return new Remembered(
                catalog.planning(project).cache(view -> FOREVER, error -> Duration.ZERO, () -> Duration.ZERO),
                System.nanoTime());
    }
}
