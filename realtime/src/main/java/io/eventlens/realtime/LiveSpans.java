package io.eventlens.realtime;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import reactor.core.publisher.Mono;

/**
 * A span (an observation) around each run of a shared live computation: its storage reads as children, then the
 * push of its answer to every subscriber. One per run, not per subscriber, so 10,000 subscribers of one report make
 * one span. Only while tracing is on: otherwise the registry is the no-op one and a run costs one check.
 */
final class LiveSpans {

    static final LiveSpans NONE = new LiveSpans(ObservationRegistry.NOOP);

    private final ObservationRegistry registry;

    LiveSpans(ObservationRegistry registry) {
        this.registry = registry;
    }

    /** {@code run} inside a span {@code eventlens.live.compute} tagged with the computation's kind. */
    <T> Mono<T> around(String kind, Mono<T> run) {
        if (registry.isNoop()) {
            return run;
        }
        return Mono.defer(() -> {
            Observation span = Observation.createNotStarted("eventlens.live.compute", registry)
                    .lowCardinalityKeyValue("kind", kind)
                    .start();
            return run.doOnError(span::error)
                    .doFinally(signal -> span.stop())
                    .contextWrite(context -> context.put(ObservationThreadLocalAccessor.KEY, span));
        });
    }
}
