package io.eventlens.graphql;

import io.eventlens.core.analysis.Retention;
import io.eventlens.core.analysis.RetentionResolver;
import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.storage.EventStorage;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** Answers {@code retention}: resolves the input against the catalog, lets the storage engine compute it. */
@Controller
final class RetentionController {

    private final EventStorage storage;
    private final RetentionResolver resolver;
    private final CurrentProject project;

    RetentionController(EventStorage storage, RetentionResolver resolver, CurrentProject project) {
        this.storage = storage;
        this.resolver = resolver;
        this.project = project;
    }

    @QueryMapping
    Mono<Retention> retention(@Argument RetentionInput input) {
        return project.get().flatMap(id -> {
            long start = System.nanoTime();
            return storage.retention(resolver.resolve(id, input.toRequest(), Catalog.builtIn()))
                    .map(result -> result.withMeta(result.meta().withTookMs((System.nanoTime() - start) / 1e6)));
        });
    }
}
