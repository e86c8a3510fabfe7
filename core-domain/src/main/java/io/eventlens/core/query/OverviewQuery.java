package io.eventlens.core.query;

import io.eventlens.core.ProjectId;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Asks for an {@link Overview}. A missing bound means unbounded on that side; {@code eventsLastHour} counts events
 * with {@code now - 1h <= timestamp < now}, whatever the range.
 *
 * @param approximate whether distinct counts may be estimated from sketches ({@link ReportQuery.Sources#APPROXIMATE})
 */
public record OverviewQuery(
        ProjectId project, @Nullable Instant from, @Nullable Instant to, Instant now, boolean approximate) {

    public OverviewQuery {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(now, "now");
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to: " + from + " .. " + to);
        }
    }

    /** An exact overview. */
    public OverviewQuery(ProjectId project, @Nullable Instant from, @Nullable Instant to, Instant now) {
        this(project, from, to, now, false);
    }
}
