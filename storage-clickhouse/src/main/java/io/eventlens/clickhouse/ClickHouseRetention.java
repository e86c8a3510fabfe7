package io.eventlens.clickhouse;

import io.eventlens.core.analysis.Retention;
import io.eventlens.core.analysis.RetentionCounts;
import io.eventlens.core.analysis.RetentionQuery;
import io.eventlens.sql.EventSql;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Retention on ClickHouse. Each user's first start gets a cohort and each later return a period, both as indexes
 * into the bucket starts Java computed (as reports do). One statement counts cohort sizes and distinct returning
 * users per period.
 */
final class ClickHouseRetention {

    private final ClickHouseDatabase database;

    ClickHouseRetention(ClickHouseDatabase database) {
        this.database = database;
    }

    Mono<Retention> answer(RetentionQuery query) {
        return RetentionCounts.answer(
                query, starts -> database.query(compile(query, starts), ClickHouseRetention::count));
    }

    static SqlStatement compile(RetentionQuery query, List<Instant> starts) {
        SqlParameters p = new SqlParameters();
        String inRange = EventSql.inRange(query.project(), query.range(), p) + " AND e.user_id IS NOT NULL";
        String firsts = "SELECT e.user_id AS user_id, min(e.ts) AS first_ts FROM " + ReportQueries.EVENTS + " WHERE "
                + inRange + " AND e.type = " + p.text(query.start().type())
                + FilterCompiler.conditions(query.start().filters(), p, ZoneOffset.UTC) + " GROUP BY e.user_id";
        String cohorts = "SELECT f.user_id AS user_id, f.first_ts AS first_ts, arrayCount(s -> s <= f.first_ts, "
                + p.timestamps(starts) + ") AS cohort FROM (" + firsts + ") AS f";
        String returning = "SELECT e.user_id AS user_id, e.ts AS ts, " + ReportQueries.bucket(starts, p)
                + " AS bucket FROM " + ReportQueries.EVENTS + " WHERE " + inRange + " AND e.type = "
                + p.text(query.returning().type())
                + FilterCompiler.conditions(query.returning().filters(), p, ZoneOffset.UTC);
        String sql = "WITH cohorts AS (" + cohorts + "), returns AS (SELECT DISTINCT c.cohort AS cohort, c.user_id AS"
                + " user_id, toInt64(r.bucket) - toInt64(c.cohort) AS period FROM cohorts AS c INNER JOIN ("
                + returning + ") AS r ON r.user_id = c.user_id WHERE r.ts > c.first_ts) "
                + "SELECT toInt64(cohort) AS cohort, toInt64(" + RetentionCounts.SIZE_ROW
                + ") AS period, count() AS users "
                + "FROM cohorts"
                + " GROUP BY cohort UNION ALL SELECT toInt64(cohort) AS cohort, period, count() AS users FROM returns"
                + " WHERE period <= " + p.integer(query.periods()) + " GROUP BY cohort, period";
        return p.statement(sql);
    }

    private static RetentionCounts.Count count(ResultRow row) {
        return new RetentionCounts.Count(
                ((Number) Objects.requireNonNull(row.get("cohort"))).intValue(),
                ((Number) Objects.requireNonNull(row.get("period"))).intValue(),
                ((Number) Objects.requireNonNull(row.get("users"))).longValue());
    }
}
