package io.eventlens.postgres;

import io.eventlens.core.analysis.Retention;
import io.eventlens.core.analysis.RetentionQuery;
import io.eventlens.core.query.BucketSeries;
import io.eventlens.core.query.QueryMeta;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Retention on PostgreSQL. Each user's first start in the range gets a cohort, and each later return event a
 * period, both as indexes into the bucket starts Java computed (as reports do, so PostgreSQL's time zone data cannot
 * disagree with the cohorts listed). One statement counts cohort sizes and distinct returning users per period.
 */
final class PostgresRetention {

    /** The period a cohort-size row carries, below every real period. */
    private static final int SIZE_ROW = -1;

    private final PostgresDatabase database;

    PostgresRetention(PostgresDatabase database) {
        this.database = database;
    }

    Mono<Retention> answer(RetentionQuery query) {
        return Mono.defer(() -> {
            long started = System.nanoTime();
            List<Instant> starts = BucketSeries.covering(query.range(), query.granularity(), query.zone());
            return database.query(compile(query, starts), Count::read).collectList()
                    .map(counts -> assemble(query, starts, counts,
                            QueryMeta.exactFromEvents().withTookMs((System.nanoTime() - started) / 1e6)));
        });
    }

    static SqlStatement compile(RetentionQuery query, List<Instant> starts) {
        SqlParameters p = new SqlParameters();
        String project = p.text(query.project().value());
        String from = p.timestamp(query.range().from());
        String to = p.timestamp(query.range().to());
        // A scalar subquery, so the text-to-timestamptz array cast runs once, not per row (see the report compiler).
        String buckets = "(SELECT " + p.timestampArray(starts) + ")";
        String sql = "WITH firsts AS (SELECT e.user_id, min(e.ts) AS first_ts FROM events e WHERE e.project_id = "
                + project + " AND e.ts >= " + from + " AND e.ts < " + to + " AND e.user_id IS NOT NULL AND e.type = "
                + p.text(query.start().type()) + FilterCompiler.conditions(query.start().filters(), p)
                + " GROUP BY e.user_id), "
                + "cohorts AS (SELECT f.user_id, f.first_ts, width_bucket(f.first_ts, " + buckets + ") AS cohort"
                + " FROM firsts f), "
                + "returns AS (SELECT DISTINCT c.cohort, c.user_id, width_bucket(e.ts, " + buckets
                + ") - c.cohort AS period FROM cohorts c JOIN events e ON e.user_id = c.user_id"
                + " WHERE e.project_id = " + project + " AND e.ts >= " + from + " AND e.ts < " + to
                + " AND e.ts > c.first_ts AND e.type = " + p.text(query.returning().type())
                + FilterCompiler.conditions(query.returning().filters(), p) + ") "
                + "SELECT cohort, " + SIZE_ROW + " AS period, count(*) FROM cohorts GROUP BY cohort "
                + "UNION ALL SELECT cohort, period, count(*) FROM returns WHERE period <= "
                + p.integer(query.periods()) + " GROUP BY cohort, period";
        return p.statement(sql);
    }

    private static Retention assemble(RetentionQuery query, List<Instant> starts, List<Count> counts,
            QueryMeta meta) {
        Map<Integer, Long> sizes = new HashMap<>();
        Map<List<Integer>, Long> returned = new HashMap<>();
        for (Count count : counts) {
            if (count.period() == SIZE_ROW) {
                sizes.put(count.cohort(), count.users());
            } else {
                returned.put(List.of(count.cohort(), count.period()), count.users());
            }
        }
        List<Retention.Cohort> cohorts = new ArrayList<>();
        for (int index = 1; index <= starts.size(); index++) {
            long users = sizes.getOrDefault(index, 0L);
            List<Retention.Period> periods = new ArrayList<>();
            // Only periods whose bucket overlaps the range: later cohorts have fewer.
            for (int period = 0; period <= query.periods() && index + period <= starts.size(); period++) {
                periods.add(Retention.Period.of(period, returned.getOrDefault(List.of(index, period), 0L), users));
            }
            cohorts.add(new Retention.Cohort(starts.get(index - 1).atZone(query.zone()).toOffsetDateTime(), users,
                    periods));
        }
        return new Retention(query.granularity(), cohorts, meta);
    }

    /** Users of one cohort ({@link #SIZE_ROW}) or returning in one of its periods; cohorts count from 1. */
    private record Count(int cohort, int period, long users) {

        static Count read(Readable row) {
            return new Count(((Number) Objects.requireNonNull(row.get(0))).intValue(),
                    ((Number) Objects.requireNonNull(row.get(1))).intValue(),
                    ((Number) Objects.requireNonNull(row.get(2))).longValue());
        }
    }
}
