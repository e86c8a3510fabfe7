package io.eventlens.clickhouse;

import io.eventlens.core.query.EventCursor;
import io.eventlens.core.query.EventPageQuery;
import io.eventlens.core.query.OverviewQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/** SQL for the overview numbers and for pages of raw events. */
final class EventQueries {

    static final String EVENT_COLUMNS = "e.id AS id, e.ts AS ts, e.type AS type, e.user_id AS user_id, "
            + "e.session_id AS session_id, e.country AS country, e.device AS device, e.browser AS browser, e.os AS os, "
            + "e.page AS page, e.referrer AS referrer, e.revenue AS revenue, e.properties AS properties";

    private EventQueries() {
    }

    /** One scan with -If aggregates; the WHERE clause admits only rows either part needs. */
    static SqlStatement overview(OverviewQuery query) {
        SqlParameters p = new SqlParameters();
        String project = p.text(query.project().value());
        String inRange = range(query.from(), query.to(), p);
        Instant now = query.now();
        String lastHour = "e.ts >= " + p.timestamp(now.minus(Duration.ofHours(1))) + " AND e.ts < " + p.timestamp(now);
        String sql = "SELECT countIf(" + inRange + ") AS events, uniqExactIf(e.user_id, " + inRange + ") AS users, "
                + "uniqExactIf(e.session_id, " + inRange + ") AS sessions, "
                + "toFloat64(ifNull(sumKahanIf(e.revenue, " + inRange + "), 0)) AS revenue, "
                + "countIf(" + lastHour + ") AS last_hour FROM " + ReportQueries.EVENTS + " WHERE e.project_id = "
                + project + " AND ((" + inRange + ") OR (" + lastHour + "))";
        return p.statement(sql);
    }

    /**
     * Keyset pagination newest first; ids order as their text, which is the unsigned byte order every engine uses.
     * One row more than asked tells whether more follow.
     */
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
            where.append(" AND (e.ts, toString(e.id)) < (").append(p.timestamp(after.timestamp())).append(", ")
                    .append(p.text(after.id().toString())).append(")");
        }
        where.append(FilterCompiler.conditions(query.filters(), p, ZoneOffset.UTC));
        String sql = "SELECT " + EVENT_COLUMNS + " FROM " + ReportQueries.EVENTS + " WHERE " + where
                + " ORDER BY e.ts DESC, toString(e.id) DESC LIMIT " + p.integer(query.first() + 1L);
        return p.statement(sql);
    }

    private static String range(@Nullable Instant from, @Nullable Instant to, SqlParameters p) {
        if (from == null && to == null) {
            return "1";
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
