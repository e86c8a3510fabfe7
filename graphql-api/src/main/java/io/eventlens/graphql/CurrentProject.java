package io.eventlens.graphql;

import io.eventlens.core.ProjectId;
import io.eventlens.core.access.Caller;
import io.eventlens.core.access.Scope;
import reactor.core.publisher.Mono;

/**
 * The one place that decides which project a call acts on: the project of the caller's key, which {@link KeyCheck}
 * (or the CSV endpoint) put into the Reactor context. Never an argument: a caller could forge that.
 */
final class CurrentProject {

    /** For reads (queries, dashboards): a read or admin key. */
    Mono<ProjectId> get() {
        return in(Scope.READ);
    }

    /** For writing events: an ingest or admin key. */
    Mono<ProjectId> ingest() {
        return in(Scope.INGEST);
    }

    /** For changing the project's definitions: an admin key. */
    Mono<ProjectId> admin() {
        return in(Scope.ADMIN);
    }

    private static Mono<ProjectId> in(Scope scope) {
        return Caller.current().map(caller -> caller.project(scope));
    }
}
