package io.eventlens.clickhouse;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.catalog.Metric;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.query.TimeRange;
import io.eventlens.core.rollup.ReportPlan;
import io.eventlens.core.rollup.Rollup;
import io.eventlens.core.rollup.RollupSegment;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * The rows a planned report aggregates, as {@code e}: the union of rollup rows and the raw events of the other ranges,
 * shaped alike. A rollup row stands at its bucket's start with its event count in {@code n} and its revenue sum in
 * {@code revenue}; a raw event (read through FINAL) has {@code n = 1}. Counting sums {@code n}; sums and exact distinct
 * counts read the same columns either way; an approximate plan merges {@code users}/{@code sessions} states, which
 * raw events and rollups keeping the id contribute one state per row. Rollup rows need no FINAL: unmerged parts of a
 * row only split its sums and states, which the report merges anyway.
 */
record RollupRows(ReportPlan plan, Map<Rollup, String> keys, Set<EventColumn> read) {

    /** Every event column in the union; the engine passes {@link io.eventlens.core.rollup.ColumnsRead#by}. */
    RollupRows(ReportPlan plan, Map<Rollup, String> keys) {
        this(plan, keys, EnumSet.allOf(EventColumn.class));
    }

    RollupRows {
        read = Set.copyOf(read);
    }

    /** A non-events metric's SQL over these rows, or null where the events' SQL applies as it is. */
    @Nullable
    String metric(Metric metric) {
        if (metric == BuiltInMetric.EVENTS) {
            return "toFloat64(sum(e.n))";
        }
        if (plan.approximate() && metric == BuiltInMetric.UNIQUE_USERS) {
            return "toFloat64(uniqCombinedMerge(12)(e.users))";
        }
        if (plan.approximate() && metric == BuiltInMetric.SESSIONS) {
            return "toFloat64(uniqCombinedMerge(12)(e.sessions))";
        }
        return null;
    }

    String sql(ProjectId project, SqlParameters p) {
        StringJoiner union = new StringJoiner(" UNION ALL ");
        Map<Rollup, List<TimeRange>> byRollup = new LinkedHashMap<>();
        for (RollupSegment segment : plan.segments()) {
            byRollup.computeIfAbsent(segment.rollup(), r -> new ArrayList<>()).add(segment.range());
        }
        byRollup.forEach((rollup, ranges) -> union.add(rollupRows(rollup, ranges, project, p)));
        if (!plan.rawRanges().isEmpty()) {
            union.add(rawEvents(plan.rawRanges(), project, p));
        }
        return "(" + union + ") AS e";
    }

    private String rollupRows(Rollup rollup, List<TimeRange> ranges, ProjectId project, SqlParameters p) {
        StringJoiner columns = new StringJoiner(", ", ", ", "").setEmptyValue("");
        for (EventColumn column : Rollup.KEY_COLUMNS) {
            if (!read.contains(column)) {
                continue;
            }
            String name = RollupSchema.name(column);
            columns.add(
                    rollup.columns().contains(column)
                            ? "CAST(r." + name + " AS Nullable(String)) AS " + name
                            : "CAST(NULL AS Nullable(String)) AS " + name);
        }
        String sketches = "";
        if (plan.approximate()) {
            sketches = ", " + sketch(rollup, EventColumn.USER_ID, "users") + ", "
                    + sketch(rollup, EventColumn.SESSION_ID, "sessions");
        }
        // Read as a decimal whatever the column's type (tables made before sums were decimals keep Float64).
        return "SELECT r.project_id AS project_id, r.bucket AS ts" + columns + ", "
                + EventColumns.amount("r.revenue") + " AS revenue, "
                + "r.events AS n" + sketches + " FROM " + RollupSchema.ROWS + " AS r WHERE r.project_id = "
                + p.text(project.value()) + " AND r.rollup_name = " + p.text(key(rollup)) + " AND ("
                + ranges(ranges, "r.bucket", p) + ")";
    }

    /** A rollup's states where it keeps them, else (it keeps the id) one state per row of its id. */
    private static String sketch(Rollup rollup, EventColumn id, String state) {
        return rollup.keepsSketches() || !rollup.columns().contains(id)
                ? "r." + state + " AS " + state
                : single("r." + RollupSchema.name(id)) + " AS " + state;
    }

    private static String single(String column) {
        return "initializeAggregation('uniqCombinedStateIf(12)', ifNull(" + column + ", ''), isNotNull(" + column
                + "))";
    }

    private String rawEvents(List<TimeRange> ranges, ProjectId project, SqlParameters p) {
        StringJoiner columns = new StringJoiner(", ", ", ", "").setEmptyValue("");
        Rollup.KEY_COLUMNS.stream()
                .filter(read::contains)
                .forEach(column -> columns.add("CAST(r." + RollupSchema.name(column) + " AS Nullable(String)) AS "
                        + RollupSchema.name(column)));
        String sketches = plan.approximate()
                ? ", " + single("r.user_id") + " AS users, " + single("r.session_id") + " AS sessions"
                : "";
        return "SELECT r.project_id AS project_id, r.ts AS ts" + columns + ", " + EventColumns.amount("r.revenue")
                + " AS revenue, "
                + "toUInt64(1) AS n" + sketches + " FROM " + ClickHouseSchema.EVENTS
                + " AS r FINAL WHERE r.project_id = "
                + p.text(project.value()) + " AND (" + ranges(ranges, "r.ts", p) + ")";
    }

    private static String ranges(List<TimeRange> ranges, String column, SqlParameters p) {
        StringJoiner any = new StringJoiner(" OR ");
        ranges.forEach(range -> any.add("(" + column + " >= " + p.timestamp(range.from()) + " AND " + column + " < "
                + p.timestamp(range.to()) + ")"));
        return any.toString();
    }

    /** The key of a rollup the plan reads: the planner picks only rollups it was given with their keys. */
    private String key(Rollup rollup) {
        String key = keys.get(rollup);
        if (key == null) {
            throw new IllegalStateException("no key for the planned rollup " + rollup.name());
        }
        return key;
    }
}
