package io.eventlens.graphql;

import io.eventlens.core.definition.ProjectCatalogs;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportRequestResolver;
import io.eventlens.core.storage.EventStorage;
import io.eventlens.core.storage.ReadHints;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** Answers {@code report}: resolves the input against the catalog, lets the storage engine compute it. */
@Controller
final class ReportController {

    private final EventStorage storage;
    private final ReportRequestResolver resolver;
    private final CurrentProject project;
    private final ProjectCatalogs catalogs;

    ReportController(
            EventStorage storage, ReportRequestResolver resolver, CurrentProject project, ProjectCatalogs catalogs) {
        this.storage = storage;
        this.resolver = resolver;
        this.project = project;
        this.catalogs = catalogs;
    }

    @QueryMapping
    Mono<Report> report(@Argument ReportInput input) {
        return project.get()
                .flatMap(id -> catalogs.catalog(id).flatMap(catalog -> {
                    // Measured from validation to the last row, so tookMs is what the caller waited for this report.
                    long start = System.nanoTime();
                    Mono<Report> report = storage.report(resolver.resolve(id, input.toRequest(), catalog));
                    return (input.explained() ? ReadHints.explained(report) : report)
                            .map(answer ->
                                    answer.withMeta(answer.meta().withTookMs((System.nanoTime() - start) / 1e6)));
                }));
    }
}
