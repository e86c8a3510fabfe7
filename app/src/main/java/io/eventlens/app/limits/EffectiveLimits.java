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

/** A project's limits: its own where it set them, else the configured defaults; remembered for a moment. */
final class EffectiveLimits {

    private static final Duration REMEMBER = Duration.ofSeconds(2);

    private final ProjectDirectory projects;
    private final LimitProperties defaults;
    private final Map<ProjectId, Remembered> remembered = new ConcurrentHashMap<>();

    private record Remembered(ProjectLimits limits, long until) {}

    EffectiveLimits(ProjectDirectory projects, LimitProperties defaults) {
        this.projects = projects;
        this.defaults = defaults;
    }

    Mono<Integer> of(ProjectId project, Limit limit) {
        Remembered known = remembered.get(project);
        if (known != null && known.until() > System.nanoTime()) {
            return Mono.just(pick(known.limits(), limit));
        }
        return projects.find(project)
                .map(p -> p.limits())
                .defaultIfEmpty(ProjectLimits.DEFAULTS)
                .doOnNext(limits -> {
                    if (remembered.size() > 10_000) {
                        remembered.clear();
                    }
                    remembered.put(project, new Remembered(limits, System.nanoTime() + REMEMBER.toNanos()));
                })
                .map(limits -> pick(limits, limit));
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
