package io.eventlens.postgres;

import io.eventlens.core.analysis.EventSelector;
import io.eventlens.core.analysis.Funnel;
import io.eventlens.core.analysis.FunnelCounts;
import io.eventlens.core.analysis.FunnelQuery;
import io.eventlens.core.query.QueryMeta;
import io.eventlens.sql.EventSql;
import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Funnels on PostgreSQL. Each user's anchor (first step-1 event in the range) comes from one ordered scan; every
 * later step is the earliest matching event after the previous one and within the window: a join of the users with
 * that step's events and a {@code min(ts)} per user (a hash join over the step's slice, not an index probe per user).
 * One grouped pass then counts users and medians per step, overall and per breakdown value. Types, filter values, bounds and the window are bind parameters.
 */
final class PostgresFunnels {

    private final PostgresDatabase database;

    PostgresFunnels(PostgresDatabase database) {
        this.database = database;
    }

    /** Answers the funnel, reading the project's promoted properties from their columns. */
    Mono<Funnel> answer(FunnelQuery query, PromotedColumns promoted) {
        return Mono.defer(() -> {
            long started = System.nanoTime();
            int steps = query.steps().size();
            return database.query(compile(query, promoted), row -> GroupRow.read(row, steps))
                    .collectList()
                    .map(rows -> assemble(
                            query, rows, QueryMeta.exactFromEvents().withTookMs((System.nanoTime() - started) / 1e6)));
        });
    }

    static SqlStatement compile(FunnelQuery query, PromotedColumns promoted) {
        SqlParameters p = new SqlParameters(promoted);
        String breakdown = query.breakdown() == null ? "NULL::text" : EventColumns.dimension(query.breakdown(), p);
        StringBuilder sql = new StringBuilder("WITH s1 AS (SELECT DISTINCT ON (e.user_id) e.user_id, e.ts AS t1, ")
                .append(breakdown)
                .append(" AS b FROM events e WHERE ")
                .append(EventSql.inRange(query.project(), query.range(), p))
                .append(" AND e.user_id IS NOT NULL")
                .append(selects(query.steps().getFirst(), p))
                .append(" ORDER BY e.user_id, e.ts, e.id)");
        // Microseconds, not days: adding '1 day' to a timestamptz follows the session's DST rules.
        // (float8 holds every whole number of microseconds up to the longest window exactly.)
        String window = "(" + p.number(BigDecimal.valueOf(query.window().toNanos() / 1000))
                + "::float8 * interval '1 microsecond')";
        // Later steps can only fall before the last anchor's window ends: a constant bound that prunes partitions.
        String horizon = p.timestamp(query.range().to().plus(query.window()));
        for (int step = 2; step <= query.steps().size(); step++) {
            String carried = carried(step);
            sql.append(", s")
                    .append(step)
                    .append(" AS (SELECT ")
                    .append(carried)
                    .append(", min(e.ts) AS t")
                    .append(step)
                    .append(" FROM s")
                    .append(step - 1)
                    .append(" s LEFT JOIN events e ON ")
                    .append("e.project_id = ")
                    .append(p.text(query.project().value()))
                    .append(" AND e.user_id = s.user_id AND e.ts > s.t")
                    .append(step - 1)
                    .append(" AND e.ts <= s.t1 + ")
                    .append(window)
                    .append(" AND e.ts > ")
                    .append(p.timestamp(query.range().from()))
                    .append(" AND e.ts <= ")
                    .append(horizon)
                    .append(selects(query.steps().get(step - 1), p))
                    .append(" GROUP BY ")
                    .append(carried)
                    .append(")");
        }
        StringBuilder select = new StringBuilder(
                        query.breakdown() == null ? "1 AS overall, NULL::text" : "GROUPING(b) AS overall, b")
                .append(", count(*) AS users1");
        for (int step = 2; step <= query.steps().size(); step++) {
            select.append(", count(t")
                    .append(step)
                    .append(")")
                    .append(", percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t")
                    .append(step)
                    .append(" - t")
                    .append(step - 1)
                    .append(")::float8)");
        }
        sql.append(" SELECT ")
                .append(select)
                .append(" FROM s")
                .append(query.steps().size());
        if (query.breakdown() == null) {
            // An aggregate without GROUP BY: exactly one row, zeros and null medians over no users.
            return p.statement(sql.toString());
        }
        // The overall row first, then the largest groups; "C" collation is code-point order, nulls last.
        sql.append(" GROUP BY GROUPING SETS ((b), ()) ORDER BY overall DESC, users1 DESC, b COLLATE \"C\" ASC"
                        + " NULLS LAST LIMIT ")
                .append(p.integer(query.breakdownLimit() + 1));
        return p.statement(sql.toString());
    }

    /** The columns step {@code step} carries over from the one before: the user, the breakdown, earlier times. */
    private static String carried(int step) {
        StringBuilder columns = new StringBuilder("s.user_id, s.b");
        for (int earlier = 1; earlier < step; earlier++) {
            columns.append(", s.t").append(earlier);
        }
        return columns.toString();
    }

    private static String selects(EventSelector selector, SqlParameters p) {
        return " AND e.type = " + p.text(selector.type()) + FilterCompiler.conditions(selector.filters(), p);
    }

    /** The overall row apart from the breakdown rows (the statement answers both in one result). */
    private static Funnel assemble(FunnelQuery query, List<GroupRow> rows, QueryMeta meta) {
        FunnelCounts.Row overall = null;
        List<FunnelCounts.Row> groups = new ArrayList<>();
        for (GroupRow row : rows) {
            if (row.overall()) {
                overall = row.counts();
            } else {
                groups.add(row.counts());
            }
        }
        return FunnelCounts.assemble(query, overall, groups, meta);
    }

    /** One result row: the overall row or one breakdown value, with users and medians per step. */
    private record GroupRow(boolean overall, FunnelCounts.Row counts) {

        static GroupRow read(Readable row, int steps) {
            long[] users = new long[steps];
            @Nullable Double[] medians = new @Nullable Double[steps];
            users[0] = ((Number) Objects.requireNonNull(row.get(2))).longValue();
            for (int step = 1; step < steps; step++) {
                users[step] = ((Number) Objects.requireNonNull(row.get(1 + 2 * step))).longValue();
                Object median = row.get(2 + 2 * step);
                medians[step] = median == null ? null : ((Number) median).doubleValue();
            }
            Object overall = Objects.requireNonNull(row.get(0));
            return new GroupRow(
                    ((Number) overall).intValue() == 1, new FunnelCounts.Row(row.get(1, String.class), users, medians));
        }
    }
}
