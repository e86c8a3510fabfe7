package io.eventlens.graphql;

import io.eventlens.core.definition.ProjectCatalogs;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** Answers {@code catalog}: the metrics and dimensions a report may use. */
@Controller
final class CatalogController {

    private final CurrentProject project;
    private final ProjectCatalogs catalogs;

    CatalogController(CurrentProject project, ProjectCatalogs catalogs) {
        this.project = project;
        this.catalogs = catalogs;
    }

    @QueryMapping
    Mono<CatalogInfo> catalog() {
        return project.get().flatMap(catalogs::catalog).map(CatalogInfo::of);
    }
}
