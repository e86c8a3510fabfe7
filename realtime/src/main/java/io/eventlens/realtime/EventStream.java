package io.eventlens.realtime;

import io.eventlens.core.ProjectId;
import io.eventlens.core.query.Filter;
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
                    .concatMapIterable(CommittedBatch::events)
                    .filter(matcher::matches)
                    .onBackpressureBuffer(buffer, event -> {
                        dropped.incrementAndGet();
                        meters.eventDropped();
                    }, BufferOverflowStrategy.DROP_LATEST)
                    .map(event -> {
                        meters.eventPushed();
                        return new EventStreamItem(event, dropped.get());
                    });
        });
    }
}
