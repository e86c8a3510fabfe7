package io.eventlens.graphql;

import io.eventlens.core.definition.Definition;
import io.eventlens.core.definition.DefinitionStore;
import io.eventlens.core.definition.ProjectCatalogs;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** Answers the definition mutations: custom metrics and dimensions are validated, saved and usable at once. */
@Controller
final class DefinitionController {

    private final ProjectCatalogs catalogs;
    private final DefinitionStore store;
    private final CurrentProject project;

    DefinitionController(ProjectCatalogs catalogs, DefinitionStore store, CurrentProject project) {
        this.catalogs = catalogs;
        this.store = store;
        this.project = project;
    }

    @MutationMapping
    Mono<CatalogInfo.MetricInfo> defineMetric(@Argument Map<String, @Nullable String> input) {
        return project.admin()
                .flatMap(id -> catalogs.defineMetric(
                        id,
                        text(input, "name"),
                        text(input, "expression"),
                        input.get("description"),
                        input.get("unit")))
                .map(CatalogInfo::metric);
    }

    @MutationMapping
    Mono<CatalogInfo.DimensionInfo> defineDimension(@Argument Map<String, @Nullable String> input) {
        return project.admin()
                .flatMap(id -> catalogs.defineDimension(
                        id, text(input, "name"), text(input, "expression"), input.get("description")))
                .map(CatalogInfo::dimension);
    }

    @MutationMapping
    Mono<String> removeMetric(@Argument String name) {
        return project.admin().flatMap(id -> catalogs.removeMetric(id, name));
    }

    @MutationMapping
    Mono<String> removeDimension(@Argument String name) {
        return project.admin().flatMap(id -> catalogs.removeDimension(id, name));
    }

    @QueryMapping
    Mono<Definition> definition(@Argument String name) {
        return project.get()
                .flatMap(id -> store.list(id).filter(d -> d.name().equals(name)).next());
    }

    private static String text(Map<String, @Nullable String> input, String field) {
        return java.util.Objects.requireNonNull(input.get(field), field); // non-null in the schema
    }
}
