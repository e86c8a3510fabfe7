package io.eventlens.postgres;

import io.eventlens.core.query.EventCursor;
import io.eventlens.core.query.EventPageQuery;

/** SQL for pages of raw events; the overview is two reports (see {@code OverviewReports}). */
final class EventQueries {

    static final String EVENT_COLUMNS = "e.id, e.ts, e.type, e.user_id, e.session_id, e.country, e.device, e.browser, "
            + "e.os, e.page, e.referrer, e.revenue, e.properties::text";

    private EventQueries() {}

    /** Keyset pagination in {@code (ts desc, id desc)} order; one row more than asked tells whether more follow. */
    static SqlStatement page(EventPageQuery query) {
        return page(query, PromotedColumns.NONE);
    }

    /** The same, filtering on the project's promoted properties by their columns. */
    static SqlStatement page(EventPageQuery query, PromotedColumns promoted) {
        SqlParameters p = new SqlParameters(promoted);
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
            where.append(" AND (e.ts, e.id) < (")
                    .append(p.timestamp(after.timestamp()))
                    .append(", ")
                    .append(p.uuid(after.id()))
                    .append(")");
        }
        where.append(FilterCompiler.conditions(query.filters(), p));
        String sql = "SELECT " + EVENT_COLUMNS + " FROM events e WHERE " + where
                + " ORDER BY e.ts DESC, e.id DESC LIMIT " + p.integer(query.first() + 1);
        return p.statement(sql);
    }
}
