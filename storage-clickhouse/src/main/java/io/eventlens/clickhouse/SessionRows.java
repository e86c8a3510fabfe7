package io.eventlens.clickhouse;

import io.eventlens.core.catalog.BuiltInMetric;
import java.util.ArrayList;
import java.util.List;

/**
 * The row source {@code e} of a report with a per-session metric: the matching events with each (group, session)
 * measured by window functions. The measures sit on one row per (group, session) and are NULL on the others, so the
 * per-session metrics become plain averages over a group's rows and every query shape keeps its single GROUP BY.
 */
final class SessionRows {

    private SessionRows() {}

    /**
     * @param groupKeys the SQL of what the consuming query groups by (dimensions, bucket), over {@code e}
     * @param where the report's conditions over {@code e}; sessions form from the events that pass them
     */
    static String source(List<String> groupKeys, String where, SqlParameters p) {
        List<String> partition = new ArrayList<>(groupKeys);
        partition.add("e.session_id");
        // row_number() picks one arbitrary row of the (group, session) to carry its measures.
        String first = "e.session_id IS NOT NULL AND row_number() OVER w = 1";
        return "(SELECT e.*, if(" + first + ", countIf(e.type = " + p.text(BuiltInMetric.PAGE_EVENT_TYPE)
                + ") OVER w, NULL) AS session_pages, if(" + first + ", dateDiff('microsecond', min(e.ts) OVER w, "
                + "max(e.ts) OVER w) / 1e6, NULL) AS session_seconds FROM " + ReportQueries.EVENTS + " WHERE " + where
                + " WINDOW w AS (PARTITION BY " + String.join(", ", partition) + ")) AS e";
    }
}
