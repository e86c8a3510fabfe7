package io.eventlens.postgres;

import io.eventlens.core.query.EventCursor;
import io.eventlens.core.query.EventPageQuery;
import io.eventlens.core.query.OverviewQuery;
import java.time.Duration;
import java.time.Instant;

/** SQL for the overview numbers and for pages of raw events. */
final class EventQueries {

    static final String EVENT_COLUMNS = "e.id, e.ts, e.type, e.user_id, e.session_id, e.country, e.device, e.browser, "
            + "e.os, e.page, e.referrer, e.revenue, e.properties::text";

    private EventQueries() {
    }

    /**
     * One scan with FILTER clauses: columns are events, uniqueUsers, sessions, revenue over the range, and events in
     * the hour before now. The WHERE clause admits only rows either part needs, so partitions outside both are pruned.
     */
    static SqlStatement overview(OverviewQuery query) {
        SqlParameters p = new SqlParameters();
        String project = p.text(query.project().value());
        String inRange = range(query.from(), query.to(), p);
        Instant now = query.now();
        String lastHour = "e.ts >= " + p.timestamp(now.minus(Duration.ofHours(1))) + " AND e.ts < " + p.timestamp(now);
        String sql = "SELECT count(*) FILTER (WHERE " + inRange + "), "
                + "count(DISTINCT e.user_id) FILTER (WHERE " + inRange + "), "
                + "count(DISTINCT e.session_id) FILTER (WHERE " + inRange + "), "
                + "coalesce(sum(e.revenue) FILTER (WHERE " + inRange + "), 0), "
                + "count(*) FILTER (WHERE " + lastHour + ") "
                + "FROM events e WHERE e.project_id = " + project + " AND ((" + inRange + ") OR (" + lastHour + "))";
        return p.statement(sql);
    }

    /** Keyset pagination in {@code (ts desc, id desc)} order; one row more than asked tells whether more follow. */
    static SqlStatement page(EventPageQuery query) {
        SqlParameters p = new SqlParameters();
        StringBuilder where = new StringBuilder("e.project_id = ").append(p.text(query.project().value()));
        if (query.from() != null) {
            where.append(" AND e.ts >= ").append(p.timestamp(query.from()));
        }
        if (query.to() != null) {
            where.append(" AND e.ts < ").append(p.timestamp(query.to()));
        }
        EventCursor after = query.after();
        if (after != null) {
            where.append(" AND (e.ts, e.id) < (").append(p.timestamp(after.timestamp())).append(", ")
                    .append(p.uuid(after.id())).append(")");
        }
        where.append(FilterCompiler.conditions(query.filters(), p));
        String sql = "SELECT " + EVENT_COLUMNS + " FROM events e WHERE " + where
                + " ORDER BY e.ts DESC, e.id DESC LIMIT " + p.integer(query.first() + 1);
        return p.statement(sql);
    }

    private static String range(Instant from, Instant to, SqlParameters p) {
        if (from == null && to == null) {
            return "true";
        }
        StringBuilder sql = new StringBuilder();
        if (from != null) {
            sql.append("e.ts >= ").append(p.timestamp(from));
        }
        if (to != null) {
            sql.append(from != null ? " AND " : "").append("e.ts < ").append(p.timestamp(to));
        }
        return sql.toString();
    }
}
