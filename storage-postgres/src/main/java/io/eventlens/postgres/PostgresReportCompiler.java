package io.eventlens.postgres;

import io.eventlens.core.query.BucketSeries;
import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.sql.EventSql;
import io.eventlens.sql.ReportSql;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * Compiles a {@link ReportQuery} into SQL by pattern matching on its resolved parts. SQL text comes only from
 * constants here and in {@link EventColumns}; property keys, filter values, bounds and bucket starts are bind
 * parameters.
 */
final class PostgresReportCompiler {

    /** Text compares in "C" collation (code point order), the same on every server whatever its locale. */
    static final String CODE_POINT_ORDER = "COLLATE \"C\"";

    private PostgresReportCompiler() {}

    static CompiledReport compile(ReportQuery query) {
        return compile(query, RowSource.EVENTS);
    }

    /** Compiles over the given rows: raw events, or rollup rows plus raw events as the planner decided. */
    static CompiledReport compile(ReportQuery query, RowSource rows) {
        return compile(query, rows, PromotedColumns.NONE);
    }

    /** The same, reading the project's promoted properties from their columns. */
    static CompiledReport compile(ReportQuery query, RowSource rows, PromotedColumns promoted) {
        Granularity granularity = query.granularity();
        // Per-session metrics form sessions per group: their totals need sessions formed over the whole range.
        boolean oneStatement = !query.perSessionMetrics();
        if (granularity == null) {
            if (query.dimensions().isEmpty()) {
                return new CompiledReport(
                        CompiledReport.Layout.FLAT,
                        flat(query, rows, promoted),
                        null,
                        CompiledReport.Totals.SINGLE_ROW,
                        List.of());
            }
            boolean rankedHere = io.eventlens.core.rollup.ReportPlanner.rankedByTheApplication(query);
            if (rows.plan().memberSets() && TotalsFromGroups.applies(query)) {
                return new CompiledReport(
                        CompiledReport.Layout.FLAT,
                        TotalsFromGroups.statement(query, rows, rankedHere),
                        null,
                        CompiledReport.Totals.FROM_GROUPS,
                        List.of(),
                        rankedHere);
            }
            if (rows.plan().memberSets() && rankedHere) {
                return new CompiledReport(
                        CompiledReport.Layout.FLAT,
                        everyGroupWithTotals(query, rows),
                        null,
                        CompiledReport.Totals.FLAGGED_ROW,
                        List.of(),
                        true);
            }
            return oneStatement
                    ? new CompiledReport(
                            CompiledReport.Layout.FLAT,
                            flatWithTotals(query, rows, promoted),
                            null,
                            CompiledReport.Totals.FLAGGED_ROW,
                            List.of())
                    : new CompiledReport(
                            CompiledReport.Layout.FLAT,
                            flat(query, rows, promoted),
                            totals(query, rows, promoted),
                            CompiledReport.Totals.SEPARATE,
                            List.of());
        }
        List<Instant> starts = BucketSeries.covering(query.range(), granularity, query.zone());
        if (query.dimensions().isEmpty()) {
            return oneStatement
                    ? new CompiledReport(
                            CompiledReport.Layout.SERIES,
                            seriesWithTotals(query, starts, rows, promoted),
                            null,
                            CompiledReport.Totals.FLAGGED_ROW,
                            starts)
                    : new CompiledReport(
                            CompiledReport.Layout.SERIES,
                            series(query, starts, rows, promoted),
                            totals(query, rows, promoted),
                            CompiledReport.Totals.SEPARATE,
                            starts);
        }
        return new CompiledReport(
                CompiledReport.Layout.RANKED_SERIES,
                rankedSeries(query, starts, rows, promoted),
                totals(query, rows, promoted),
                CompiledReport.Totals.SEPARATE,
                starts);
    }

    /** One row per dimension tuple, ordered and limited; without dimensions the aggregate's single row. */
    private static SqlStatement flat(ReportQuery query, RowSource rows, PromotedColumns promoted) {
        SqlParameters p = new SqlParameters(promoted);
        String grouped = grouped(query, p, rows);
        if (query.dimensions().isEmpty()) {
            return p.statement(grouped);
        }
        String sql = "SELECT " + String.join(", ", ReportSql.dimensionAliases(query)) + ", "
                + String.join(", ", ReportSql.metricAliases(query)) + " FROM (" + grouped + ") g ORDER BY "
                + ReportSql.ordering(query, CODE_POINT_ORDER)
                + " LIMIT " + p.integer(query.limit());
        return p.statement(sql);
    }

    /**
     * {@link #flat} and its totals in one statement (one plan, one scan, one snapshot): grouping sets of the
     * dimensions and of nothing, the groups ranked and limited, the totals row last with {@code total} set.
     */
    private static SqlStatement flatWithTotals(ReportQuery query, RowSource rows, PromotedColumns promoted) {
        SqlParameters p = new SqlParameters(promoted);
        String grouped =
                groupedWithTotals(query, p, rows, dimensionValues(query, p), ReportSql.dimensionAliases(query));
        String columns = String.join(", ", ReportSql.dimensionAliases(query)) + ", "
                + String.join(", ", ReportSql.metricAliases(query));
        String sql = "SELECT " + columns + ", total FROM (SELECT g.*, row_number() OVER (PARTITION BY g.total "
                + "ORDER BY " + ReportSql.ordering(query, CODE_POINT_ORDER) + ") AS rank FROM (" + grouped
                + ") g) r WHERE r.total <> 0 OR r.rank <= "
                + p.integer(query.limit()) + " ORDER BY r.total, r.rank";
        return p.statement(sql);
    }

    /**
     * Every group and the totals row last, unordered: the distinct counts the report ranks by are merged from member
     * sets after the rows arrive, so the engine orders and limits them.
     */
    private static SqlStatement everyGroupWithTotals(ReportQuery query, RowSource rows) {
        SqlParameters p = new SqlParameters();
        String grouped =
                groupedWithTotals(query, p, rows, dimensionValues(query, p), ReportSql.dimensionAliases(query));
        return p.statement("SELECT " + String.join(", ", ReportSql.dimensionAliases(query)) + ", "
                + String.join(", ", ReportSql.metricAliases(query)) + ", total FROM (" + grouped
                + ") g ORDER BY total");
    }

    /** {@link #series} and its totals in one statement: the totals row last, with {@code total} set. */
    private static SqlStatement seriesWithTotals(
            ReportQuery query, List<Instant> starts, RowSource rows, PromotedColumns promoted) {
        SqlParameters p = new SqlParameters(promoted);
        String grouped = groupedWithTotals(query, p, rows, List.of(bucket(starts, p)), List.of("bucket"));
        return p.statement("SELECT bucket, " + String.join(", ", ReportSql.metricAliases(query)) + ", total FROM ("
                + grouped + ") g ORDER BY total");
    }

    /**
     * The metrics per group and over every group: {@code GROUPING SETS ((keys), ())}. The keys are computed once,
     * under their aliases, in a subquery over {@code e} (which passes every column of {@code e} through), so the
     * grouping and {@code GROUPING()} name plain columns whatever the keys' SQL.
     */
    private static String groupedWithTotals(
            ReportQuery query, SqlParameters p, RowSource rows, List<String> keys, List<String> aliases) {
        StringJoiner keyed = new StringJoiner(", ");
        for (int i = 0; i < keys.size(); i++) {
            keyed.add(keys.get(i) + " AS " + aliases.get(i));
        }
        String where = where(query, p);
        String source = rows.sql(query.project(), p);
        String aliasList = String.join(", ", aliases);
        return "SELECT " + aliasList + ", " + metricSelect(query, p, rows) + ", GROUPING(" + aliasList
                + ") AS total FROM (SELECT " + keyed + ", e.* FROM " + source + " WHERE " + where + ") e GROUP BY "
                + "GROUPING SETS ((" + aliasList + "), ())";
    }

    /** One row per non-empty bucket; the caller zero-fills the rest. */
    private static SqlStatement series(
            ReportQuery query, List<Instant> starts, RowSource rows, PromotedColumns promoted) {
        SqlParameters p = new SqlParameters(promoted);
        String bucket = bucket(starts, p);
        String where = where(query, p);
        String source = source(query, () -> List.of(bucket(starts, p)), p, rows);
        String sql = "SELECT " + bucket + " AS bucket, " + metricSelect(query, p, rows) + " FROM " + source + " WHERE "
                + where + " GROUP BY 1";
        return p.statement(sql);
    }

    /**
     * The top series are ranked over the whole range first, then only their events are bucketed. The join key is
     * null-safe yet hashable: {@code IS NOT DISTINCT FROM} would force a nested loop over every event and series.
     */
    private static SqlStatement rankedSeries(
            ReportQuery query, List<Instant> starts, RowSource rows, PromotedColumns promoted) {
        SqlParameters p = new SqlParameters(promoted);
        String grouped = grouped(query, p, rows);
        String series =
                "SELECT " + String.join(", ", ReportSql.dimensionAliases(query)) + ", row_number() OVER (ORDER BY "
                        + ReportSql.ordering(query, CODE_POINT_ORDER) + ") AS rank FROM (" + grouped
                        + ") g ORDER BY rank LIMIT "
                        + p.integer(query.limit());

        List<String> dimensions = new ArrayList<>();
        StringJoiner join = new StringJoiner(" AND ");
        for (int i = 0; i < query.dimensions().size(); i++) {
            String value = EventColumns.dimension(query.dimensions().get(i), p, query.zone());
            dimensions.add("s.d" + i);
            join.add("(" + value + " IS NULL) = (s.d" + i + " IS NULL)");
            join.add("coalesce(" + value + ", '') = coalesce(s.d" + i + ", '')");
        }
        String bucket = bucket(starts, p);
        String where = where(query, p);
        String source = source(
                query,
                () -> {
                    List<String> groupKeys = new ArrayList<>(dimensionValues(query, p));
                    groupKeys.add(bucket(starts, p));
                    return groupKeys;
                },
                p,
                rows);
        String sql = "WITH series AS (" + series + ") SELECT s.rank, " + String.join(", ", dimensions) + ", " + bucket
                + " AS bucket, " + metricSelect(query, p, rows) + " FROM " + source + " JOIN series s ON " + join
                + " WHERE "
                + where
                + " GROUP BY s.rank, " + String.join(", ", dimensions) + ", " + (dimensions.size() + 2);
        return p.statement(sql);
    }

    private static SqlStatement totals(ReportQuery query, RowSource rows, PromotedColumns promoted) {
        SqlParameters p = new SqlParameters(promoted);
        String where = where(query, p);
        String source = source(query, List::of, p, rows);
        return p.statement("SELECT " + metricSelect(query, p, rows) + " FROM " + source + " WHERE " + where);
    }

    /** {@code SELECT d0.., m0.. FROM events e WHERE .. GROUP BY dimensions}. */
    private static String grouped(ReportQuery query, SqlParameters p, RowSource rows) {
        StringJoiner select = new StringJoiner(", ");
        StringJoiner groupBy = new StringJoiner(", ");
        for (int i = 0; i < query.dimensions().size(); i++) {
            select.add(EventColumns.dimension(query.dimensions().get(i), p, query.zone()) + " AS d" + i);
            groupBy.add(String.valueOf(i + 1));
        }
        select.add(metricSelect(query, p, rows));
        String where = where(query, p);
        String source = source(query, () -> dimensionValues(query, p), p, rows);
        return "SELECT " + select + " FROM " + source + " WHERE " + where
                + (query.dimensions().isEmpty() ? "" : " GROUP BY " + groupBy);
    }

    /**
     * The row source {@code e}: the events table, or {@link SessionRows} partitioned by what the query groups by.
     * Keys are built only when needed: every bind parameter allocated must appear in the SQL.
     */
    private static String source(ReportQuery query, Supplier<List<String>> groupKeys, SqlParameters p, RowSource rows) {
        // The planner never puts per-session metrics on rollups: session rows need every event.
        return query.perSessionMetrics()
                ? SessionRows.source(groupKeys.get(), where(query, p), p)
                : rows.sql(query.project(), p);
    }

    /** The dimensions' SQL over {@code e}, in order. */
    static List<String> dimensionValues(ReportQuery query, SqlParameters p) {
        List<String> values = new ArrayList<>();
        for (var dimension : query.dimensions()) {
            values.add(EventColumns.dimension(dimension, p, query.zone()));
        }
        return values;
    }

    static String where(ReportQuery query, SqlParameters p) {
        return EventSql.inRange(query.project(), query.range(), p)
                + FilterCompiler.conditions(query.filters(), p, query.zone());
    }

    static String metricSelect(ReportQuery query, SqlParameters p, RowSource rows) {
        StringJoiner select = new StringJoiner(", ");
        for (int i = 0; i < query.metrics().size(); i++) {
            var metric = query.metrics().get(i);
            String value = rows.weighted() && metric == io.eventlens.core.catalog.BuiltInMetric.EVENTS
                    ? "coalesce(sum(e.n), 0)::bigint"
                    : rows.plan().approximate() && metric == io.eventlens.core.catalog.BuiltInMetric.UNIQUE_USERS
                            ? RowSource.approximateDistinct("users_hll", "user_id")
                            : rows.plan().approximate() && metric == io.eventlens.core.catalog.BuiltInMetric.SESSIONS
                                    ? RowSource.approximateDistinct("sessions_hll", "session_id")
                                    : rows.plan().memberSets()
                                                    && metric == io.eventlens.core.catalog.BuiltInMetric.UNIQUE_USERS
                                            ? rows.memberDistinct(MemberSetCache.Kind.USERS)
                                            : rows.plan().memberSets()
                                                            && metric
                                                                    == io.eventlens.core.catalog.BuiltInMetric.SESSIONS
                                                    ? rows.memberDistinct(MemberSetCache.Kind.SESSIONS)
                                                    : EventColumns.metric(metric, p, query.zone());
            select.add(value + " AS m" + i);
        }
        return select.toString();
    }

    /**
     * The bucket as a 1-based index into the starts of {@link BucketSeries#covering}, computed in Java: each event
     * falls in the last start at or before it (a binary search). Not {@code date_trunc(unit, ts, zone)}: the server's
     * time zone data may differ from the JVM's, and a start PostgreSQL computes that Java did not would silently
     * drop its events from the zero-filled series. Equal to {@link Granularity#bucketStart} except where a half-hour
     * DST shift makes truncated buckets overlap (Australia/Lord_Howe); there the intervals between starts decide.
     */
    private static String bucket(List<Instant> starts, SqlParameters p) {
        // The text-to-timestamptz cast is only STABLE, so it is never folded into a constant; as a scalar subquery
        // it runs once per query instead of once per row.
        return "width_bucket(e.ts, (SELECT " + p.timestampArray(starts) + "))";
    }
}
