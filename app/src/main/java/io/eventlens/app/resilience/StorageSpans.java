package io.eventlens.app.resilience;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import reactor.core.publisher.Mono;

/**
 * A span (an observation) around each storage call and each report plan, child of the request's own (WebFlux keeps
 * it in the Reactor context). Only while tracing is on: otherwise every call would also feed timers nobody asked
 * for, on the hottest paths, so the registry is then the no-op one and a call costs one check.
 */
final class StorageSpans {

    static final StorageSpans NONE = new StorageSpans(ObservationRegistry.NOOP);

    private final ObservationRegistry registry;

    StorageSpans(ObservationRegistry registry) {
        this.registry = registry;
    }

    <T> Mono<T> around(String name, String key, String value, Mono<T> call) {
        if (registry.isNoop()) {
            return call;
        }
        return Mono.deferContextual(context -> {
            Observation parent = context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
            Observation span = Observation.createNotStarted(name, registry)
                    .lowCardinalityKeyValue(key, value)
                    .parentObservation(parent)
                    .start();
            return call.doOnError(span::error)
                    .doFinally(signal -> span.stop())
                    .contextWrite(inner -> inner.put(ObservationThreadLocalAccessor.KEY, span));
        });
    }
}
