package io.eventlens.graphql;

import io.eventlens.core.analysis.Funnel;
import io.eventlens.core.analysis.FunnelResolver;
import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.storage.EventStorage;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** Answers {@code funnel}: resolves the input against the catalog, lets the storage engine compute it. */
@Controller
final class FunnelController {

    private final EventStorage storage;
    private final FunnelResolver resolver;
    private final CurrentProject project;

    FunnelController(EventStorage storage, FunnelResolver resolver, CurrentProject project) {
        this.storage = storage;
        this.resolver = resolver;
        this.project = project;
    }

    @QueryMapping
    Mono<Funnel> funnel(@Argument FunnelInput input) {
        return project.get().flatMap(id -> {
            long start = System.nanoTime();
            return storage.funnel(resolver.resolve(id, input.toRequest(), Catalog.builtIn()))
                    .map(funnel -> funnel.withMeta(funnel.meta().withTookMs((System.nanoTime() - start) / 1e6)));
        });
    }
}
