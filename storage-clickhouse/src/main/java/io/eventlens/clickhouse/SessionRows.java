package io.eventlens.clickhouse;

import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.sql.SessionSql;
import java.util.ArrayList;
import java.util.List;

/**
 * The row source {@code e} of a report with a per-session metric: the matching events with each (group, session)
 * measured by window functions over {@link SessionSql#window}, the measures on its {@link SessionSql#CARRIER} row.
 */
final class SessionRows {

    private SessionRows() {}

    /**
     * @param groupKeys the SQL of what the consuming query groups by (dimensions, bucket), over {@code e}
     * @param where the report's conditions over {@code e}; sessions form from the events that pass them
     */
    static String source(List<String> groupKeys, String where, SqlParameters p) {
        String carrier = SessionSql.CARRIER;
        // The group keys are computed below the window, as columns: ClickHouse does not substitute query parameters
        // inside a WINDOW clause ("Query parameter `p6` was not set"), and a bucket key holds one.
        List<String> keyed = new ArrayList<>();
        List<String> partition = new ArrayList<>();
        for (int i = 0; i < groupKeys.size(); i++) {
            keyed.add(", " + groupKeys.get(i) + " AS session_group_" + i);
            partition.add("e.session_group_" + i);
        }
        return "(SELECT e.*, if(" + carrier + ", countIf(e.type = " + p.text(BuiltInMetric.PAGE_EVENT_TYPE)
                + ") OVER w, NULL) AS session_pages, if(" + carrier + ", dateDiff('microsecond', min(e.ts) OVER w, "
                + "max(e.ts) OVER w) / 1e6, NULL) AS session_seconds FROM (SELECT e.*" + String.join("", keyed)
                + " FROM " + ReportQueries.EVENTS + " WHERE " + where + ") AS e" + SessionSql.window(partition)
                + ") AS e";
    }
}
