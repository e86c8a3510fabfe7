package io.eventlens.core.definition;

import io.eventlens.core.ProjectId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where a project's custom metrics and dimensions are kept. Names are unique per project across both kinds.
 * Stores only persist: {@link ProjectCatalogs} validates before it saves.
 */
public interface DefinitionStore {

    /** Every definition of the project, in name order. */
    Flux<Definition> list(ProjectId project);

    /** Inserts the definition or replaces the one with its name; completes once durable. */
    Mono<Void> save(ProjectId project, Definition definition);

    /** Deletes the definition of this kind and name; answers whether there was one. */
    Mono<Boolean> remove(ProjectId project, Definition.Kind kind, String name);
}
