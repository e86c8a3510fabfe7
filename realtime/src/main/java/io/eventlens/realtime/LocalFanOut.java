package io.eventlens.realtime;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.eventlens.core.ingest.CommittedEventsListener;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Hands this instance's committed batches to its own {@link LiveFeed}, in commit order, on one thread of its own: the
 * feed's subscribers tally the events as they arrive, which must neither delay the ingest's answer nor hold the storage
 * driver's I/O thread that reported the commit. Alone, it is the single-instance setup (no Redis); {@link RedisFanOut}
 * uses it for the batches committed here.
 */
final class LocalFanOut implements CommittedEventsListener, AutoCloseable {

    private final LiveFeed feed;
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("eventlens-feed").daemon().factory());

    LocalFanOut(LiveFeed feed) {
        this.feed = feed;
    }

    @Override
    public void committed(ProjectId project, List<Event> events) {
        publish(new CommittedBatch(project, events));
    }

    /** Hands a batch committed here to the feed, in the order this is called. */
    void publish(CommittedBatch batch) {
        delivery.execute(() -> feed.publish(batch));
    }

    @Override
    public void close() {
        delivery.shutdown();
    }
}
