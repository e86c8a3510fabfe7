package io.eventlens.postgres;

import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.sql.SessionSql;
import java.util.List;

/**
 * The row source {@code e} of a report with a per-session metric (instead of the events table): the matching
 * events with each (group, session) measured by window functions over {@link SessionSql#window}, the measures on its
 * {@link SessionSql#CARRIER} row (see {@link EventColumns#metric}).
 */
final class SessionRows {

    private SessionRows() {}

    /**
     * @param groupKeys the SQL of what the consuming query groups by (dimensions, bucket), over {@code e}
     * @param where the report's conditions over {@code e}; sessions form from the events that pass them
     */
    static String source(List<String> groupKeys, String where, SqlParameters p) {
        String carrier = SessionSql.CARRIER;
        return "(SELECT e.*, CASE WHEN " + carrier + " THEN count(*) FILTER (WHERE e.type = "
                + p.text(BuiltInMetric.PAGE_EVENT_TYPE) + ") OVER w END AS session_pages, CASE WHEN " + carrier
                + " THEN extract(epoch FROM max(e.ts) OVER w - min(e.ts) OVER w) END AS session_seconds"
                + " FROM events e WHERE " + where + SessionSql.window(groupKeys) + ") e";
    }
}
