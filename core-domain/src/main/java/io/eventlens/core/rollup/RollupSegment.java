package io.eventlens.core.rollup;

import io.eventlens.core.query.TimeRange;
import java.util.Objects;

/**
 * A part of a report's range read from a rollup: its rows with bucket starts in {@code range}. {@code range.from} is
 * aligned to the rollup's grain; {@code range.to} is too, or is the rollup's watermark, whose row holds exactly the
 * events from the row's start to the watermark.
 */
public record RollupSegment(Rollup rollup, TimeRange range) {

    public RollupSegment {
        Objects.requireNonNull(rollup, "rollup");
        Objects.requireNonNull(range, "range");
    }

    /**
     * Whether the segment ends at the rollup's watermark inside a row: that row holds exactly the events up to the
     * watermark only until the rollup's next seal adds to it, so an engine whose seals do must read it in the same
     * snapshot as the watermark it was planned with.
     */
    public boolean endsInsideARow() {
        return range.to().getNano() != 0 || Math.floorMod(range.to().getEpochSecond(), rollup.grainSeconds()) != 0;
    }
}
