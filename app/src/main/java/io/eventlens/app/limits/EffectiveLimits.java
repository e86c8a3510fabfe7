package io.eventlens.app.limits;

import io.eventlens.core.ProjectId;
import io.eventlens.core.access.Limit;
import io.eventlens.core.access.ProjectDirectory;
import io.eventlens.core.access.ProjectLimits;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A project's limits: its own where it set them, else the configured defaults; remembered for a moment. The requests
 * that find the remembered limits expired share one lookup: each used to look them up itself, and under load every
 * expiry sent tens of identical lookups to the store at once.
 */
final class EffectiveLimits {

    private static final Duration REMEMBER = Duration.ofSeconds(2);

    private final ProjectDirectory projects;
    private final LimitProperties defaults;
    private final Map<ProjectId, Remembered> remembered = new ConcurrentHashMap<>();

    /** A lookup, shared by every caller until {@code until} (System.nanoTime), its answer kept as long. */
    private record Remembered(Mono<ProjectLimits> limits, long until) {}

    EffectiveLimits(ProjectDirectory projects, LimitProperties defaults) {
        this.projects = projects;
        this.defaults = defaults;
    }

    Mono<Integer> of(ProjectId project, Limit limit) {
        long now = System.nanoTime();
        Remembered known = remembered.get(project);
        if (known == null || known.until() <= now) {
            if (remembered.size() > 10_000) {
                remembered.clear();
            }
            known = remembered.compute(
                    project,
                    (id, old) -> old != null && old.until() > now
                            ? old
                            : new Remembered(lookUp(id), now + REMEMBER.toNanos()));
        }
        return known.limits().map(limits -> pick(limits, limit));
    }

    /** One lookup however many subscribe; a failed one is not kept, so the next caller tries again. */
    private Mono<ProjectLimits> lookUp(ProjectId project) {
        return projects.find(project)
                .map(p -> p.limits())
                .defaultIfEmpty(ProjectLimits.DEFAULTS)
                .cache(limits -> REMEMBER, error -> Duration.ZERO, () -> REMEMBER);
    }

    private int pick(ProjectLimits own, Limit limit) {
        return switch (limit) {
            case INGEST_EVENTS -> or(own.ingestEventsPerSecond(), defaults.ingestEventsPerSecond());
            case QUERIES -> or(own.queriesPerSecond(), defaults.queriesPerSecond());
            case SUBSCRIPTIONS -> or(own.concurrentSubscriptions(), defaults.concurrentSubscriptions());
        };
    }

    private static int or(@Nullable Integer own, int fallback) {
        return own != null ? own : fallback;
    }
}
