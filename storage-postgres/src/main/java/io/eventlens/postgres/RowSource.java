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
record RowSource(ReportPlan plan, Map<Rollup, Integer> rollupIds, long generation) {

    /** Raw events only. */
    static final RowSource EVENTS = new RowSource(ReportPlan.eventsOnly(new TimeRange(java.time.Instant.EPOCH,
            java.time.Instant.EPOCH.plusSeconds(1))), Map.of(), 0);

    /** The SQLSTATE {@code rollup_plan_holds} raises when the rollups changed since the plan was made. */
    static final String PLAN_OUTDATED = "EL001";

    boolean weighted() {
        return !plan.eventsOnly();
    }

    /**
     * A distinct count over an approximate plan: the rows' sketches and the distinct ids of raw events (and of
     * rollups that keep the id), as one text array that {@link DistinctSketches#estimate} merges.
     */
    static String approximateDistinct(String sketchColumn, String idColumn) {
        return "array_cat(coalesce(array_agg('" + DistinctSketches.SKETCH + "' || encode(e." + sketchColumn
                + ", 'base64')) FILTER (WHERE e." + sketchColumn + " IS NOT NULL), '{}'), coalesce(array_agg(DISTINCT '"
                + DistinctSketches.ID + "' || e." + idColumn + ") FILTER (WHERE e." + idColumn
                + " IS NOT NULL), '{}'))";
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
        byRollup.forEach((rollup, ranges) -> {
            union.add(rollupRows(rollup, ranges, project, p));
            if (plan.approximate() && rollup.keepsSketches()) {
                union.add(sketchRows(rollup, ranges, project, p));
            }
        });
        if (!plan.rawRanges().isEmpty()) {
            union.add(rawEvents(plan.rawRanges(), project, p));
        }
        return "(" + union + ") e";
    }

    /** Empty sketch columns for the branches that have none; only approximate plans carry sketches. */
    private String noSketches() {
        return plan.approximate() ? ", NULL::bytea AS users_hll, NULL::bytea AS sessions_hll" : "";
    }

    /**
     * A sketch-keeping rollup's sketches, with no events and no revenue of their own: they only feed the distinct
     * counts ({@link DistinctSketches}).
     */
    private String sketchRows(Rollup rollup, List<TimeRange> ranges, ProjectId project, SqlParameters p) {
        StringJoiner columns = new StringJoiner(", ");
        for (EventColumn column : RollupStatements.KEY_COLUMNS) {
            String name = EventColumns.column(column).substring(2);
            columns.add(rollup.columns().contains(column) ? name : "NULL::text AS " + name);
        }
        return "SELECT project_id, bucket AS ts, " + columns + ", 0::float8 AS revenue, 0::bigint AS n, "
                + "users AS users_hll, sessions AS sessions_hll FROM rollup_sketches WHERE " + guard(project, p)
                + " AND rollup_id = " + p.integer(rollupIds.get(rollup)) + " AND project_id = " + p.text(project.value())
                + " AND (" + ranges(ranges, "bucket", p) + ")";
    }

    private String rollupRows(Rollup rollup, List<TimeRange> ranges, ProjectId project, SqlParameters p) {
        StringJoiner columns = new StringJoiner(", ");
        for (EventColumn column : RollupStatements.KEY_COLUMNS) {
            String name = EventColumns.column(column).substring(2);
            columns.add(rollup.columns().contains(column) ? name : "NULL::text AS " + name);
        }
        Integer id = rollupIds.get(rollup);
        return "SELECT project_id, bucket AS ts, " + columns + ", revenue, events AS n" + noSketches()
                + " FROM rollup_rows WHERE " + guard(project, p) + " AND rollup_id = " + p.integer(id)
                + " AND project_id = " + p.text(project.value()) + " AND (" + ranges(ranges, "bucket", p) + ")";
    }

    /**
     * The check that the plan still holds, made once per statement in its own snapshot: no rollup it reads was
     * removed since, and a row read up to the watermark has not been added to by a seal since.
     */
    private String guard(ProjectId project, SqlParameters p) {
        java.time.Instant watermark = plan.segments().stream().filter(RollupSegment::endsInsideARow)
                .map(segment -> segment.range().to()).findFirst().orElse(null);
        return "rollup_plan_holds(" + p.text(project.value()) + ", " + p.bigint(generation) + ", "
                + (watermark == null ? "NULL" : p.timestamp(watermark)) + ")";
    }

    private String rawEvents(List<TimeRange> ranges, ProjectId project, SqlParameters p) {
        StringJoiner columns = new StringJoiner(", ");
        RollupStatements.KEY_COLUMNS.forEach(column -> columns.add(EventColumns.column(column).substring(2)));
        return "SELECT project_id, ts, " + columns + ", coalesce(revenue, 0) AS revenue, 1::bigint AS n"
                + noSketches() + " FROM events WHERE project_id = " + p.text(project.value()) + " AND (" + ranges(ranges, "ts", p) + ")";
    }

    private static String ranges(List<TimeRange> ranges, String column, SqlParameters p) {
        StringJoiner any = new StringJoiner(" OR ");
        ranges.forEach(range -> any.add("(" + column + " >= " + p.timestamp(range.from()) + " AND " + column + " < "
                + p.timestamp(range.to()) + ")"));
        return any.toString();
    }
}
