package io.eventlens.realtime;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.eventlens.core.ingest.CommittedEventsListener;
import java.util.List;

/** Without Redis: committed batches reach this instance's subscribers only (a single-instance setup). */
final class LocalFanOut implements CommittedEventsListener, AutoCloseable {

    private final LiveFeed feed;

    LocalFanOut(LiveFeed feed) {
        this.feed = feed;
    }

    @Override
    public void committed(ProjectId project, List<Event> events) {
        feed.publish(new CommittedBatch(project, events));
    }

    @Override
    public void close() {
    }
}
