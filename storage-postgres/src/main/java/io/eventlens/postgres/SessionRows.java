package io.eventlens.postgres;

import io.eventlens.core.catalog.BuiltInMetric;
import java.util.ArrayList;
import java.util.List;

/**
 * The row source {@code e} of a report with a per-session metric (instead of the events table): the matching
 * events with each (group, session) measured by window functions. The measures sit on one event per
 * (group, session) and are null on the others, so the per-session metrics become plain {@code avg}s over a group's
 * rows (see {@link EventColumns#metric}) and every query shape keeps its single {@code GROUP BY}.
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
        // row_number() picks one arbitrary event of the (group, session) to carry its measures.
        String first = "e.session_id IS NOT NULL AND row_number() OVER w = 1";
        return "(SELECT e.*, CASE WHEN " + first + " THEN count(*) FILTER (WHERE e.type = "
                + p.text(BuiltInMetric.PAGE_EVENT_TYPE) + ") OVER w END AS session_pages, CASE WHEN " + first
                + " THEN extract(epoch FROM max(e.ts) OVER w - min(e.ts) OVER w) END AS session_seconds"
                + " FROM events e WHERE " + where + " WINDOW w AS (PARTITION BY " + String.join(", ", partition)
                + ")) e";
    }
}
