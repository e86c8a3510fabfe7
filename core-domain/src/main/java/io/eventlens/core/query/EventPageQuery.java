package io.eventlens.core.query;

import io.eventlens.core.ProjectId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Asks for up to {@code first} events, newest first ({@code timestamp desc, id desc}), strictly after the cursor
 * {@code after} in that order, inside the optional half-open range and matching every filter.
 */
public record EventPageQuery(
        ProjectId project,
        List<Filter> filters,
        @Nullable Instant from,
        @Nullable Instant to,
        int first,
        @Nullable EventCursor after) {

    public EventPageQuery {
        Objects.requireNonNull(project, "project");
        filters = List.copyOf(filters);
        if (first < 1) {
            throw new IllegalArgumentException("first must be positive: " + first);
        }
    }
}
