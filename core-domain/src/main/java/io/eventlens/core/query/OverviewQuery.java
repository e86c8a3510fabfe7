package io.eventlens.core.query;

import io.eventlens.core.ProjectId;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Asks for an {@link Overview}. A missing bound means unbounded on that side; {@code eventsLastHour} counts events
 * with {@code now - 1h <= timestamp < now}, whatever the range.
 */
public record OverviewQuery(ProjectId project, @Nullable Instant from, @Nullable Instant to, Instant now) {

    public OverviewQuery {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(now, "now");
    }
}
