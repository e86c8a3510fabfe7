package io.eventlens.core.rollup;

import io.eventlens.core.ProjectId;
import java.util.List;
import reactor.core.publisher.Mono;

/** Manages a storage engine's rollups per project; see {@link RollupCoverage} for what an engine must keep true. */
public interface RollupAdmin {

    /** An engine without rollups: nothing to list, every report from raw events. */
    RollupAdmin NONE = new RollupAdmin() {
        @Override
        public Mono<List<RollupStatus>> list(ProjectId project) {
            return Mono.just(List.of());
        }

        @Override
        public Mono<RollupStatus> define(ProjectId project, Rollup rollup) {
            return Mono.error(new UnsupportedOperationException("this storage engine keeps no rollups"));
        }

        @Override
        public Mono<Boolean> remove(ProjectId project, String name) {
            return Mono.just(false);
        }

        @Override
        public Mono<Void> refresh(ProjectId project) {
            return Mono.empty();
        }
    };

    /** The project's rollups, built-in ones first. */
    Mono<List<RollupStatus>> list(ProjectId project);

    /**
     * Adds a rollup to the project and starts filling in its history in the background. Fails with
     * {@link IllegalArgumentException} when the name or the column set is already taken.
     */
    Mono<RollupStatus> define(ProjectId project, Rollup rollup);

    /** Drops a rollup the project defined; false when there is none of that name (built-in ones stay). */
    Mono<Boolean> remove(ProjectId project, String name);

    /**
     * Brings the project's rollups up to every event committed before the call: seals the recent past and fills
     * in history. The platform does this on its own every few seconds; tests and admins call it to not wait.
     */
    Mono<Void> refresh(ProjectId project);
}
