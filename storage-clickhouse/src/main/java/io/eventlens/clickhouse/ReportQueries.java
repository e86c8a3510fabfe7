package io.eventlens.clickhouse;

import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.TimeRange;
import io.eventlens.sql.EventSql;
import io.eventlens.sql.ReportSql;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The SQL of reports. SQL text comes only from constants here and in {@link EventColumns}; property keys, filter
 * values, bounds, bucket starts and dimension tuples are parameters.
 *
 * <p>Result layouts: {@code grouped} is {@code d0..dn, m0..mk}; {@code bucketed} is {@code d0..dn, bucket, m0..mk}
 * where {@code bucket} is the 1-based index into the starts (the count of starts at or before the event, computed
 * from the starts Java listed, so ClickHouse's time zone data cannot disagree with the zero-filled series);
 * {@code aggregate} is {@code m0..mk, n} with {@code n} the event count.
 */
final class ReportQueries {

    /** Every read goes through FINAL: a re-sent event that has not been merged away yet still counts once. */
    static final String EVENTS = ClickHouseSchema.EVENTS + " AS e FINAL";

    private ReportQueries() {}

    /** Which events of the given dimension tuples count. */
    enum Scope {
        /** Every event; no tuple restriction. */
        ALL,
        /** Events of one of the tuples. */
        MATCHING,
        /** Events of none of the tuples. */
        REMAINING
    }

    /** One row per dimension tuple, ordered by the query's order and limited; without dimensions, one row. */
    static SqlStatement grouped(ReportQuery query, @Nullable RollupRows rows) {
        SqlParameters p = new SqlParameters();
        String where = where(query, query.range(), p);
        List<String> select = new ArrayList<>();
        for (int i = 0; i < query.dimensions().size(); i++) {
            select.add(EventColumns.dimension(query.dimensions().get(i), p, query.zone()) + " AS d" + i);
        }
        select.add(metrics(query, p, rows));
        String source = source(query, () -> dimensions(query, p), where, p, rows);
        String sql = "SELECT " + String.join(", ", select) + " FROM " + source + " WHERE " + where;
        if (!query.dimensions().isEmpty()) {
            sql += " GROUP BY " + String.join(", ", ReportSql.dimensionAliases(query)) + " ORDER BY "
                    + ReportSql.ordering(query, "") + " LIMIT " + p.integer(query.limit());
        }
        return p.statement(sql);
    }

    /**
     * The query's metrics per (tuple, bucket) over {@code range}, restricted to {@code tuples} by {@code scope};
     * without starts there is no bucket column, with {@link Scope#REMAINING} no dimension columns.
     */
    static SqlStatement bucketed(
            ReportQuery query,
            TimeRange range,
            @Nullable List<Instant> starts,
            List<List<@Nullable String>> tuples,
            Scope scope,
            @Nullable RollupRows rows) {
        SqlParameters p = new SqlParameters();
        String where = where(query, range, p) + restriction(query, tuples, scope, p);
        List<String> select = new ArrayList<>();
        List<String> groupBy = new ArrayList<>();
        if (scope != Scope.REMAINING) {
            for (int i = 0; i < query.dimensions().size(); i++) {
                select.add(EventColumns.dimension(query.dimensions().get(i), p, query.zone()) + " AS d" + i);
                groupBy.add("d" + i);
            }
        }
        if (starts != null) {
            select.add(bucket(starts, p) + " AS bucket");
            groupBy.add("bucket");
        }
        select.add(metrics(query, p, rows));
        select.add(rows == null ? "count() AS n" : "sum(e.n) AS n");
        String source = source(
                query,
                () -> {
                    List<String> keys = new ArrayList<>(scope == Scope.REMAINING ? List.of() : dimensions(query, p));
                    if (starts != null) {
                        keys.add(bucket(starts, p));
                    }
                    return keys;
                },
                where,
                p,
                rows);
        String sql = "SELECT " + String.join(", ", select) + " FROM " + source + " WHERE " + where;
        if (!groupBy.isEmpty()) {
            sql += " GROUP BY " + String.join(", ", groupBy);
        }
        return p.statement(sql);
    }

    static SqlStatement totals(ReportQuery query, @Nullable RollupRows rows) {
        SqlParameters p = new SqlParameters();
        String where = where(query, query.range(), p);
        return p.statement("SELECT " + metrics(query, p, rows) + " FROM " + source(query, List::of, where, p, rows)
                + " WHERE " + where);
    }

    /** A tuple's key as {@link #tupleKey} computes it in SQL: NULL and text stay apart without a separator. */
    static String key(@Nullable String value) {
        return value == null ? "N" : "V" + value;
    }

    private static String restriction(
            ReportQuery query, List<List<@Nullable String>> tuples, Scope scope, SqlParameters p) {
        if (scope == Scope.ALL || query.dimensions().isEmpty()) {
            return "";
        }
        if (tuples.isEmpty()) {
            return scope == Scope.MATCHING ? " AND 0" : "";
        }
        StringJoiner keys = new StringJoiner(", ", "(", ")");
        for (var dimension : query.dimensions()) {
            keys.add(tupleKey(EventColumns.dimension(dimension, p, query.zone())));
        }
        StringJoiner set = new StringJoiner(", ", "(", ")");
        for (List<@Nullable String> tuple : tuples) {
            StringJoiner values = new StringJoiner(", ", "(", ")");
            tuple.forEach(value -> values.add(p.text(key(value))));
            set.add(values.toString());
        }
        String in = keys + " IN " + set;
        return scope == Scope.MATCHING ? " AND " + in : " AND NOT (" + in + ")";
    }

    private static String tupleKey(String value) {
        return "ifNull(concat('V', " + value + "), 'N')";
    }

    /** Per-session metrics never come from rollups (the planner sees to that): session rows need every event. */
    private static String source(
            ReportQuery query,
            Supplier<List<String>> groupKeys,
            String where,
            SqlParameters p,
            @Nullable RollupRows rows) {
        if (query.perSessionMetrics()) {
            return SessionRows.source(groupKeys.get(), where, p);
        }
        return rows == null ? EVENTS : rows.sql(query.project(), p);
    }

    private static List<String> dimensions(ReportQuery query, SqlParameters p) {
        List<String> values = new ArrayList<>();
        for (var dimension : query.dimensions()) {
            values.add(EventColumns.dimension(dimension, p, query.zone()));
        }
        return values;
    }

    static String where(ReportQuery query, TimeRange range, SqlParameters p) {
        return EventSql.inRange(query.project(), range, p)
                + FilterCompiler.conditions(query.filters(), p, query.zone());
    }

    private static String metrics(ReportQuery query, SqlParameters p, @Nullable RollupRows rows) {
        StringJoiner select = new StringJoiner(", ");
        for (int i = 0; i < query.metrics().size(); i++) {
            String planned = rows == null ? null : rows.metric(query.metrics().get(i));
            select.add((planned != null
                            ? planned
                            : EventColumns.metric(query.metrics().get(i), p, query.zone())) + " AS m" + i);
        }
        return select.toString();
    }

    /** The 1-based index of the last start at or before the event; the starts are one parameter. */
    static String bucket(List<Instant> starts, SqlParameters p) {
        return "arrayCount(s -> s <= e.ts, " + p.timestamps(starts) + ")";
    }
}
