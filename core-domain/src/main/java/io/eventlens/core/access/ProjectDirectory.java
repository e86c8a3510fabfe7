package io.eventlens.core.access;

import io.eventlens.core.ProjectId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Where projects are kept: the SPI a storage module implements. */
public interface ProjectDirectory {

    /** The project, or empty. */
    Mono<Project> find(ProjectId id);

    /** Every project, by id. */
    Flux<Project> list();

    /** Stores a new project; answers false, storing nothing, when its id is taken. */
    Mono<Boolean> create(Project project);

    /** Replaces the project's limits; answers false when there is no such project. */
    Mono<Boolean> limit(ProjectId id, ProjectLimits limits);
}
