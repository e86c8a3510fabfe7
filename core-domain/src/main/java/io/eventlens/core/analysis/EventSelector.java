package io.eventlens.core.analysis;

import io.eventlens.core.query.Filter;
import java.util.List;
import java.util.Objects;

/** The events an analysis step counts: one event type, narrowed by filters that must all match. */
public record EventSelector(String type, List<Filter> filters) {

    public EventSelector {
        Objects.requireNonNull(type, "type");
        filters = List.copyOf(filters);
    }
}
