package io.eventlens.postgres;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.query.TimeRange;
import io.eventlens.core.rollup.ReportPlan;
import io.eventlens.core.rollup.Rollup;
import io.eventlens.core.rollup.RollupSegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The rows a report aggregates, as {@code e}: the events table, or for a plan with rollups the union of rollup rows
 * and the raw events of the other ranges, shaped alike. A rollup row stands at its bucket's start with its event
 * count in {@code n} and its revenue sum in {@code revenue}; a raw event has {@code n = 1}. Counting metrics
 * therefore sum {@code n} ({@link #weighted()}); sums and distinct counts read the same columns either way.
 */
record RowSource(ReportPlan plan, Map<Rollup, Integer> rollupIds) {

    /** Raw events only. */
    static final RowSource EVENTS = new RowSource(ReportPlan.eventsOnly(new TimeRange(java.time.Instant.EPOCH,
            java.time.Instant.EPOCH.plusSeconds(1))), Map.of());

    boolean weighted() {
        return !plan.eventsOnly();
    }

    String sql(ProjectId project, SqlParameters p) {
        if (!weighted()) {
            return "events e";
        }
        StringJoiner union = new StringJoiner(" UNION ALL ");
        Map<Rollup, List<TimeRange>> byRollup = new LinkedHashMap<>();
        for (RollupSegment segment : plan.segments()) {
            byRollup.computeIfAbsent(segment.rollup(), r -> new ArrayList<>()).add(segment.range());
        }
        byRollup.forEach((rollup, ranges) -> union.add(rollupRows(rollup, ranges, project, p)));
        if (!plan.rawRanges().isEmpty()) {
            union.add(rawEvents(plan.rawRanges(), project, p));
        }
        return "(" + union + ") e";
    }

    private String rollupRows(Rollup rollup, List<TimeRange> ranges, ProjectId project, SqlParameters p) {
        StringJoiner columns = new StringJoiner(", ");
        for (EventColumn column : RollupStatements.KEY_COLUMNS) {
            String name = EventColumns.column(column).substring(2);
            columns.add(rollup.columns().contains(column) ? name : "NULL::text AS " + name);
        }
        Integer id = rollupIds.get(rollup);
        return "SELECT project_id, bucket AS ts, " + columns + ", revenue, events AS n FROM rollup_rows WHERE "
                + "rollup_id = " + p.integer(id) + " AND project_id = " + p.text(project.value()) + " AND ("
                + ranges(ranges, "bucket", p) + ")";
    }

    private static String rawEvents(List<TimeRange> ranges, ProjectId project, SqlParameters p) {
        StringJoiner columns = new StringJoiner(", ");
        RollupStatements.KEY_COLUMNS.forEach(column -> columns.add(EventColumns.column(column).substring(2)));
        return "SELECT project_id, ts, " + columns + ", coalesce(revenue, 0) AS revenue, 1::bigint AS n FROM events "
                + "WHERE project_id = " + p.text(project.value()) + " AND (" + ranges(ranges, "ts", p) + ")";
    }

    private static String ranges(List<TimeRange> ranges, String column, SqlParameters p) {
        StringJoiner any = new StringJoiner(" OR ");
        ranges.forEach(range -> any.add("(" + column + " >= " + p.timestamp(range.from()) + " AND " + column + " < "
                + p.timestamp(range.to()) + ")"));
        return any.toString();
    }
}
