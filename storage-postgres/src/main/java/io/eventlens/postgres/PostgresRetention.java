package io.eventlens.postgres;

import io.eventlens.core.analysis.Retention;
import io.eventlens.core.analysis.RetentionCounts;
import io.eventlens.core.analysis.RetentionQuery;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Retention on PostgreSQL. Each user's first start in the range gets a cohort, and each later return event a
 * period, both as indexes into the bucket starts Java computed (as reports do, so PostgreSQL's time zone data cannot
 * disagree with the cohorts listed). One statement counts cohort sizes and distinct returning users per period.
 */
final class PostgresRetention {

    private final PostgresDatabase database;

    PostgresRetention(PostgresDatabase database) {
        this.database = database;
    }

    /** Answers the analysis, reading the project's promoted properties from their columns. */
    Mono<Retention> answer(RetentionQuery query, PromotedColumns promoted) {
        return RetentionCounts.answer(
                query, starts -> database.query(compile(query, starts, promoted), PostgresRetention::count));
    }

    static SqlStatement compile(RetentionQuery query, List<Instant> starts, PromotedColumns promoted) {
        SqlParameters p = new SqlParameters(promoted);
        String project = p.text(query.project().value());
        String from = p.timestamp(query.range().from());
        String to = p.timestamp(query.range().to());
        // A scalar subquery, so the text-to-timestamptz array cast runs once, not per row (see the report compiler).
        String buckets = "(SELECT " + p.timestampArray(starts) + ")";
        String sql = "WITH firsts AS (SELECT e.user_id, min(e.ts) AS first_ts FROM events e WHERE e.project_id = "
                + project + " AND e.ts >= " + from + " AND e.ts < " + to + " AND e.user_id IS NOT NULL AND e.type = "
                + p.text(query.start().type())
                + FilterCompiler.conditions(query.start().filters(), p)
                + " GROUP BY e.user_id), "
                + "cohorts AS (SELECT f.user_id, f.first_ts, width_bucket(f.first_ts, " + buckets + ") AS cohort"
                + " FROM firsts f), "
                + "returns AS (SELECT DISTINCT c.cohort, c.user_id, width_bucket(e.ts, " + buckets
                + ") - c.cohort AS period FROM cohorts c JOIN events e ON e.user_id = c.user_id"
                + " WHERE e.project_id = " + project + " AND e.ts >= " + from + " AND e.ts < " + to
                + " AND e.ts > c.first_ts AND e.type = "
                + p.text(query.returning().type())
                + FilterCompiler.conditions(query.returning().filters(), p) + ") "
                + "SELECT cohort, " + RetentionCounts.SIZE_ROW + " AS period, count(*) FROM cohorts GROUP BY cohort "
                + "UNION ALL SELECT cohort, period, count(*) FROM returns WHERE period <= "
                + p.integer(query.periods()) + " GROUP BY cohort, period";
        return p.statement(sql);
    }

    private static RetentionCounts.Count count(Readable row) {
        return new RetentionCounts.Count(
                ((Number) Objects.requireNonNull(row.get(0))).intValue(),
                ((Number) Objects.requireNonNull(row.get(1))).intValue(),
                ((Number) Objects.requireNonNull(row.get(2))).longValue());
    }
}
