package io.eventlens.core.query;

import io.eventlens.core.event.Event;
import java.util.List;

/** One page of events, newest first, and whether more follow. */
public record EventPage(List<Event> events, boolean hasNextPage) {

    public EventPage {
        events = List.copyOf(events);
    }
}
