package io.eventlens.realtime;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import java.util.List;

/** The newly stored events of one committed batch, as every instance receives it from Redis. */
record CommittedBatch(ProjectId project, List<Event> events) {

    CommittedBatch {
        events = List.copyOf(events);
    }
}
