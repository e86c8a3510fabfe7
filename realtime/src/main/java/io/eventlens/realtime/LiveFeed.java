package io.eventlens.realtime;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.event.Event;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * This instance's stream of committed batches from all instances: its own in commit order (from
 * {@link LocalFanOut}), the others' in the order Redis delivered them. Hot and
 * non-blocking: a subscriber that cannot keep up misses batches instead of slowing the others, so each subscriber
 * buffers for itself. A subscriber that only cares about events with certain values of one dimension (a report
 * filtered with {@code EQ}/{@code IN}) is routed by value: a batch costs it nothing unless one of its events has such
 * a value, so many narrowly filtered live reports do not each test every event.
 */
final class LiveFeed {

    /** Whom to route a batch to: a project's events whose dimension has this text value. */
    private record Route(ProjectId project, Dimension dimension, String value) {}

    private final Sinks.Many<CommittedBatch> sink = Sinks.many().multicast().directBestEffort();
    private final Map<Route, Set<Sinks.Many<CommittedBatch>>> routed = new ConcurrentHashMap<>();
    /** The dimensions routed on, each with how many subscribers route on it. */
    private final Map<Dimension, Integer> routedDimensions = new ConcurrentHashMap<>();

    /** Serialized: the local feed thread and Redis listener threads may overlap, a sink takes one signal at a time. */
    synchronized void publish(CommittedBatch batch) {
        sink.tryEmitNext(batch);
        if (routedDimensions.isEmpty()) {
            return;
        }
        Set<Sinks.Many<CommittedBatch>> matched = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Dimension dimension : routedDimensions.keySet()) {
            for (Event event : batch.events()) {
                String value = EventMatcher.text(dimension, event);
                Set<Sinks.Many<CommittedBatch>> subscribers =
                        value == null ? null : routed.get(new Route(batch.project(), dimension, value));
                if (subscribers != null) {
                    matched.addAll(subscribers);
                }
            }
        }
        matched.forEach(subscriber -> subscriber.tryEmitNext(batch));
    }

    /** Values routed on right now (over all projects and dimensions). */
    int routedValues() {
        return routed.size();
    }

    /** Every batch. */
    Flux<CommittedBatch> batches() {
        return sink.asFlux();
    }

    /** Only the batches of {@code project} with an event whose {@code dimension} is one of {@code values}. */
    Flux<CommittedBatch> batches(ProjectId project, Dimension dimension, Set<String> values) {
        return Flux.defer(() -> {
            // Buffers until subscribed, so nothing published between routing and subscribing is lost.
            Sinks.Many<CommittedBatch> own = Sinks.many().unicast().onBackpressureBuffer();
            routedDimensions.merge(dimension, 1, Integer::sum);
            for (String value : values) {
                // Added inside compute: a concurrent last unsubscriber may drop the route's set meanwhile.
                routed.compute(new Route(project, dimension, value), (route, subscribers) -> {
                    Set<Sinks.Many<CommittedBatch>> set =
                            subscribers == null ? ConcurrentHashMap.newKeySet() : subscribers;
                    set.add(own);
                    return set;
                });
            }
            return own.asFlux().doFinally(signal -> {
                for (String value : values) {
                    routed.computeIfPresent(
                            new Route(project, dimension, value),
                            (route, subscribers) ->
                                    subscribers.remove(own) && subscribers.isEmpty() ? null : subscribers);
                }
                routedDimensions.computeIfPresent(dimension, (key, count) -> count == 1 ? null : count - 1);
            });
        });
    }
}
