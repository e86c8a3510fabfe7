package io.eventlens.graphql;

import io.eventlens.core.ProjectId;
import reactor.core.publisher.Mono;

/**
 * The one place that decides which project a GraphQL call acts on. Reactive so that API keys, read from the request
 * context later, need no change in the controllers.
 */
final class CurrentProject {

    Mono<ProjectId> get() {
        return Mono.just(ProjectId.DEFAULT);
    }
}
