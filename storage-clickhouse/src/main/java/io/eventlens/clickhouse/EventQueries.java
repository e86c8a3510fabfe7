package io.eventlens.clickhouse;

import io.eventlens.core.query.EventCursor;
import io.eventlens.core.query.EventPageQuery;
import java.time.ZoneOffset;

/** SQL for pages of raw events; the overview is two reports (see {@code OverviewReports}). */
final class EventQueries {

    static final String EVENT_COLUMNS = "e.id AS id, e.ts AS ts, e.type AS type, e.user_id AS user_id, "
            + "e.session_id AS session_id, e.country AS country, e.device AS device, e.browser AS browser, e.os AS os, "
            + "e.page AS page, e.referrer AS referrer, e.revenue AS revenue, e.properties AS properties";

    private EventQueries() {}

    /**
     * Keyset pagination newest first; ids order as their text, which is the unsigned byte order every engine uses.
     * One row more than asked tells whether more follow.
     */
    static SqlStatement page(EventPageQuery query) {
        SqlParameters p = new SqlParameters();
        StringBuilder where = new StringBuilder("e.project_id = ")
                .append(p.text(query.project().value()));
        if (query.from() != null) {
            where.append(" AND e.ts >= ").append(p.timestamp(query.from()));
        }
        if (query.to() != null) {
            where.append(" AND e.ts < ").append(p.timestamp(query.to()));
        }
        EventCursor after = query.after();
        if (after != null) {
            where.append(" AND (e.ts, toString(e.id)) < (")
                    .append(p.timestamp(after.timestamp()))
                    .append(", ")
                    .append(p.text(after.id().toString()))
                    .append(")");
        }
        where.append(FilterCompiler.conditions(query.filters(), p, ZoneOffset.UTC));
        String sql = "SELECT " + EVENT_COLUMNS + " FROM " + ReportQueries.EVENTS + " WHERE " + where
                + " ORDER BY e.ts DESC, toString(e.id) DESC LIMIT " + p.integer(query.first() + 1L);
        return p.statement(sql);
    }
}
