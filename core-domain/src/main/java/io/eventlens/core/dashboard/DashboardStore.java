package io.eventlens.core.dashboard;

import io.eventlens.core.ProjectId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Where a project's saved dashboards are kept. Stores only persist: {@link Dashboards} validates before saving. */
public interface DashboardStore {

    /** Every dashboard of the project, by name. */
    Flux<Dashboard> list(ProjectId project);

    /** The dashboard with this id, or empty. */
    Mono<Dashboard> find(ProjectId project, String id);

    /** Inserts the dashboard or replaces the one with its id; completes once durable. */
    Mono<Void> save(ProjectId project, Dashboard dashboard);

    /** Deletes the dashboard; answers whether there was one. */
    Mono<Boolean> remove(ProjectId project, String id);
}
