package io.eventlens.realtime;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import java.time.Instant;
import java.util.List;

/**
 * The newly stored events of one committed batch, as every instance receives it from Redis.
 *
 * @param committed when the committing instance learnt of the commit, just before the batch was acknowledged: live
 *     pushes that include the batch measure their ingest-to-push latency from it
 */
record CommittedBatch(ProjectId project, List<Event> events, Instant committed) {

    CommittedBatch {
        events = List.copyOf(events);
    }

    /** A batch committed now. */
    CommittedBatch(ProjectId project, List<Event> events) {
        this(project, events, Instant.now());
    }
}
