package io.eventlens.realtime;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * This instance's stream of committed batches from all instances, in the order Redis delivered them. Hot and
 * non-blocking: a subscriber that cannot keep up misses batches instead of slowing the others, so each subscriber
 * buffers for itself.
 */
final class LiveFeed {

    private final Sinks.Many<CommittedBatch> sink = Sinks.many().multicast().directBestEffort();

    /** Serialized: Redis listener threads may overlap, a sink takes one signal at a time. */
    synchronized void publish(CommittedBatch batch) {
        sink.tryEmitNext(batch);
    }

    Flux<CommittedBatch> batches() {
        return sink.asFlux();
    }
}
