package io.eventlens.realtime;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.Filter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;

/**
 * Committed events as they arrive, filtered per subscriber. Each subscriber has its own bounded buffer: when it is
 * full, newer events are dropped for that subscriber alone and counted, and the count travels with the next event
 * it does receive.
 */
final class EventStream {

    /** An event with the time its batch was committed, for the push latency. */
    private record Stamped(Event event, Instant committed) {}

    private final LiveFeed feed;
    private final int buffer;
    private final LiveMeters meters;

    EventStream(LiveFeed feed, int buffer, LiveMeters meters) {
        this.feed = feed;
        this.buffer = buffer;
        this.meters = meters;
    }

    Flux<EventStreamItem> subscribe(ProjectId project, List<Filter> filters) {
        EventMatcher matcher = new EventMatcher(filters);
        return Flux.defer(() -> {
            AtomicLong dropped = new AtomicLong();
            return feed.batches()
                    .filter(batch -> batch.project().equals(project))
                    .concatMapIterable(batch -> batch.events().stream()
                            .filter(matcher::matches)
                            .map(event -> new Stamped(event, batch.committed()))
                            .toList())
                    .onBackpressureBuffer(
                            buffer,
                            event -> {
                                dropped.incrementAndGet();
                                meters.eventDropped();
                            },
                            BufferOverflowStrategy.DROP_LATEST)
                    .map(stamped -> {
                        meters.eventPushed(stamped.committed());
                        return new EventStreamItem(stamped.event(), dropped.get());
                    });
        });
    }
}
