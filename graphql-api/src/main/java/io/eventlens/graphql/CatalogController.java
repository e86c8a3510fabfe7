package io.eventlens.graphql;

import io.eventlens.core.catalog.Catalog;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** Answers {@code catalog}: the metrics and dimensions a report may use. */
@Controller
final class CatalogController {

    private final CurrentProject project;

    CatalogController(CurrentProject project) {
        this.project = project;
    }

    @QueryMapping
    Mono<CatalogInfo> catalog() {
        // Every project has the built-in catalog today; the project is resolved so per-project metrics fit in later.
        return project.get().map(id -> CatalogInfo.of(Catalog.builtIn()));
    }
}
