package io.eventlens.core.rollup;

import io.eventlens.core.query.TimeRange;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where each part of a report's range is read from: rollup segments, and raw events for the rest. The parts are
 * disjoint and together cover the report's range exactly.
 *
 * @param approximate whether distinct counts are merged from the segments' sketches (only if the query allows it)
 * @param memberSets whether distinct counts are merged exactly from the segments' member sets (see
 *                   {@link RollupCoverage#memberSets()}) and the raw events' ids
 */
public record ReportPlan(
        List<RollupSegment> segments, List<TimeRange> rawRanges, boolean approximate, boolean memberSets) {

    public ReportPlan {
        segments = List.copyOf(segments);
        rawRanges = List.copyOf(rawRanges);
        if (approximate && memberSets) {
            throw new IllegalArgumentException("a plan merges distinct counts from sketches or from member sets");
        }
    }

    /** A plan whose distinct counts, if any, do not come from member sets. */
    public ReportPlan(List<RollupSegment> segments, List<TimeRange> rawRanges, boolean approximate) {
        this(segments, rawRanges, approximate, false);
    }

    /** An exact plan. */
    public ReportPlan(List<RollupSegment> segments, List<TimeRange> rawRanges) {
        this(segments, rawRanges, false, false);
    }

    /** Everything from raw events. */
    public static ReportPlan eventsOnly(TimeRange range) {
        return new ReportPlan(List.of(), List.of(range), false, false);
    }

    public boolean eventsOnly() {
        return segments.isEmpty();
    }

    /** The rollups read, in the order first used. */
    public Set<Rollup> rollups() {
        Set<Rollup> rollups = new LinkedHashSet<>();
        segments.forEach(segment -> rollups.add(segment.rollup()));
        return rollups;
    }

    /**
     * What answered, for {@code QueryMeta.source}: {@code events}, {@code rollup:type_1h}, or
     * {@code rollup:type_1d+rollup:type_1h+events} for a combination.
     */
    public String source() {
        StringBuilder source = new StringBuilder();
        for (Rollup rollup : rollups()) {
            source.append(source.isEmpty() ? "" : "+").append("rollup:").append(rollup.name());
        }
        if (!rawRanges.isEmpty()) {
            source.append(source.isEmpty() ? "" : "+").append("events");
        }
        return source.isEmpty() ? "events" : source.toString();
    }
}
