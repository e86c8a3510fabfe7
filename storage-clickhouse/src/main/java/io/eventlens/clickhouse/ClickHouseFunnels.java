package io.eventlens.clickhouse;

import io.eventlens.core.analysis.EventSelector;
import io.eventlens.core.analysis.Funnel;
import io.eventlens.core.analysis.FunnelCounts;
import io.eventlens.core.analysis.FunnelQuery;
import io.eventlens.core.query.QueryMeta;
import io.eventlens.sql.EventSql;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Funnels on ClickHouse. Each user's anchor is {@code min(ts)} with the breakdown value taken by {@code argMin} on
 * (ts, id); every later step joins the users with that step's events and keeps the earliest one after the previous
 * step and within the window ({@code minIfOrNull}). Not {@code windowFunnel}: it counts levels but gives neither the
 * times between steps (for the medians) nor the anchor rule of the contract. One statement counts the users and
 * medians overall, one per breakdown value.
 */
final class ClickHouseFunnels {

    private final ClickHouseDatabase database;

    ClickHouseFunnels(ClickHouseDatabase database) {
        this.database = database;
    }

    Mono<Funnel> answer(FunnelQuery query) {
        return Mono.defer(() -> {
            long started = System.nanoTime();
            int steps = query.steps().size();
            Mono<FunnelCounts.Row> overall = database.query(compile(query, false), row -> read(row, steps))
                    .single();
            Mono<List<FunnelCounts.Row>> groups = query.breakdown() == null
                    ? Mono.just(List.of())
                    : database.query(compile(query, true), row -> read(row, steps))
                            .collectList();
            return Mono.zip(overall, groups)
                    .map(result -> FunnelCounts.assemble(
                            query,
                            result.getT1(),
                            result.getT2(),
                            QueryMeta.exactFromEvents().withTookMs((System.nanoTime() - started) / 1e6)));
        });
    }

    static SqlStatement compile(FunnelQuery query, boolean grouped) {
        SqlParameters p = new SqlParameters();
        String breakdown = query.breakdown() == null || !grouped
                ? "CAST(NULL, 'Nullable(String)')"
                : EventColumns.dimension(query.breakdown(), p, ZoneOffset.UTC);
        StringBuilder sql = new StringBuilder("WITH s1 AS (SELECT e.user_id AS user_id, argMin(tuple(")
                .append(breakdown)
                .append("), (e.ts, toString(e.id))).1 AS b, min(e.ts) AS t1 FROM ")
                .append(ReportQueries.EVENTS)
                .append(" WHERE ")
                .append(EventSql.inRange(query.project(), query.range(), p))
                .append(" AND e.user_id IS NOT NULL")
                .append(selects(query.steps().getFirst(), p))
                .append(" GROUP BY e.user_id)");
        long windowMicros = query.window().toNanos() / 1000;
        String horizon = p.timestamp(query.range().to().plus(query.window()));
        for (int step = 2; step <= query.steps().size(); step++) {
            String carried = carried(step);
            String within = "x.ts > s.t" + (step - 1) + " AND x.ts <= s.t1 + toIntervalMicrosecond("
                    + p.integer(windowMicros) + ")";
            sql.append(", s")
                    .append(step)
                    .append(" AS (SELECT ")
                    .append(carried)
                    .append(", minIfOrNull(x.ts, ")
                    .append(within)
                    .append(") AS t")
                    .append(step)
                    .append(" FROM s")
                    .append(step - 1)
                    .append(" AS s LEFT JOIN (SELECT e.user_id AS user_id, e.ts AS ts FROM ")
                    .append(ReportQueries.EVENTS)
                    .append(" WHERE e.project_id = ")
                    .append(p.text(query.project().value()))
                    .append(" AND e.user_id IS NOT NULL AND e.ts > ")
                    .append(p.timestamp(query.range().from()))
                    .append(" AND e.ts <= ")
                    .append(horizon)
                    .append(selects(query.steps().get(step - 1), p))
                    .append(") AS x ON x.user_id = s.user_id GROUP BY ")
                    .append(carried)
                    .append(")");
        }
        StringBuilder select =
                new StringBuilder(grouped ? "b" : "CAST(NULL, 'Nullable(String)') AS b").append(", count() AS users1");
        for (int step = 2; step <= query.steps().size(); step++) {
            String reached = "isNotNull(t" + step + ")";
            select.append(", countIf(")
                    .append(reached)
                    .append(") AS users")
                    .append(step)
                    .append(", if(countIf(")
                    .append(reached)
                    .append(") = 0, NULL, quantileExactInclusiveIf(0.5)(")
                    .append("dateDiff('microsecond', t")
                    .append(step - 1)
                    .append(", t")
                    .append(step)
                    .append(") / 1e6, ")
                    .append(reached)
                    .append(")) AS median")
                    .append(step);
        }
        sql.append(" SELECT ")
                .append(select)
                .append(" FROM s")
                .append(query.steps().size());
        // Without GROUP BY, exactly one row: zeros and null medians over no users.
        if (grouped) {
            // The largest groups first, ties by value in code-point order, the null group last.
            sql.append(" GROUP BY b ORDER BY users1 DESC, b ASC NULLS LAST LIMIT ")
                    .append(p.integer(query.breakdownLimit()));
        }
        return p.statement(sql.toString());
    }

    /** The columns step {@code step} carries over from the one before: the user, the breakdown, earlier times. */
    private static String carried(int step) {
        StringBuilder columns = new StringBuilder("s.user_id AS user_id, s.b AS b");
        for (int earlier = 1; earlier < step; earlier++) {
            columns.append(", s.t").append(earlier).append(" AS t").append(earlier);
        }
        return columns.toString();
    }

    private static String selects(EventSelector selector, SqlParameters p) {
        return " AND e.type = " + p.text(selector.type())
                + FilterCompiler.conditions(selector.filters(), p, ZoneOffset.UTC);
    }

    /** One result row: all users or one breakdown value, with users and medians per step. */
    private static FunnelCounts.Row read(ResultRow row, int steps) {
        long[] users = new long[steps];
        @Nullable Double[] medians = new @Nullable Double[steps];
        users[0] = ((Number) Objects.requireNonNull(row.get("users1"))).longValue();
        for (int step = 2; step <= steps; step++) {
            users[step - 1] = ((Number) Objects.requireNonNull(row.get("users" + step))).longValue();
            Object median = row.get("median" + step);
            medians[step - 1] = median == null ? null : ((Number) median).doubleValue();
        }
        return new FunnelCounts.Row(row.get("b", String.class), users, medians);
    }
}
