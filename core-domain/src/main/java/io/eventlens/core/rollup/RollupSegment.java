package io.eventlens.core.rollup;

import io.eventlens.core.query.TimeRange;
import java.util.Objects;

/** A part of a report's range read from a rollup: its rows with bucket starts in {@code range}. */
public record RollupSegment(Rollup rollup, TimeRange range) {

    public RollupSegment {
        Objects.requireNonNull(rollup, "rollup");
        Objects.requireNonNull(range, "range");
    }
}
