package io.eventlens.core.ingest;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import java.util.List;

/**
 * Learns of events after their batch is committed: exactly the events newly stored (never duplicates, never a batch
 * that failed), in the order they were sent. Live views use it to push fresh numbers without polling.
 */
@FunctionalInterface
public interface CommittedEventsListener {

    /** Listens to nothing: ingestion without live views. */
    CommittedEventsListener NONE = (project, events) -> {};

    /** Called once per committed batch with at least one new event; must not block (it runs on the I/O thread). */
    void committed(ProjectId project, List<Event> events);
}
