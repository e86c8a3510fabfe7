package io.eventlens.core.storage;

import io.eventlens.core.ProjectId;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Makes a project's writes exclusive across every application instance that shares one event store, for engines
 * whose duplicate check and insert are two steps (ClickHouse): with the lock held, a writer's id lookup sees every
 * insert another instance finished before it, so a re-sent event is never stored, or rolled up, twice. The lock is
 * held until {@code work} ends, fails or is cancelled; a holder that dies releases it.
 */
public interface ProjectWriteLock {

    /** No lock across instances: right for one instance, whose engine already serializes a project's writes. */
    ProjectWriteLock THIS_INSTANCE_ONLY = new ProjectWriteLock() {
        @Override
        public <T> Mono<T> holding(ProjectId project, Supplier<Mono<T>> work) {
            return Mono.defer(work);
        }
    };

    /** Runs {@code work} once no other instance holds the project's lock, holding it until {@code work} ends. */
    <T> Mono<T> holding(ProjectId project, Supplier<Mono<T>> work);
}
