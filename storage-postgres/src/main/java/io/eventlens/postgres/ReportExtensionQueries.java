package io.eventlens.postgres;

import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.TimeRange;
import io.eventlens.sql.EventSql;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * SQL for the others row and the previous period: a report's metrics over one range, either per dimension tuple
 * the report returned or over the events of no such tuple. The tuples travel as bind-parameter arrays, a null
 * value as an empty string plus a null flag, so the join stays null-safe without binding null array elements.
 *
 * <p>Layout: {@code [i] [bucket] m0..mk n}, where {@code i} is the 1-based tuple index (matching with dimensions
 * only), {@code bucket} the 1-based index into the given starts (when given) and {@code n} the event count.
 */
final class ReportExtensionQueries {

    private ReportExtensionQueries() {}

    /** Which events count. */
    enum Scope {
        /** Events of one of the tuples, grouped by tuple. */
        MATCHING,
        /** Events of none of the tuples, in one group. */
        REMAINING
    }

    static SqlStatement aggregate(
            ReportQuery query,
            TimeRange range,
            List<List<@Nullable String>> tuples,
            Scope scope,
            @Nullable List<Instant> starts,
            PromotedColumns promoted) {
        SqlParameters p = new SqlParameters(promoted);
        int dimensionCount = query.dimensions().size();
        StringJoiner unnest = new StringJoiner(", ");
        StringJoiner aliases = new StringJoiner(", ");
        StringJoiner join = new StringJoiner(" AND ");
        for (int d = 0; d < dimensionCount; d++) {
            List<String> texts = new ArrayList<>();
            List<String> nulls = new ArrayList<>();
            for (List<@Nullable String> tuple : tuples) {
                String value = tuple.get(d);
                texts.add(value == null ? "" : value);
                nulls.add(String.valueOf(value == null));
            }
            unnest.add(p.textArray(texts)).add(p.textArray(nulls));
            aliases.add("v" + d).add("n" + d);
            String value = EventColumns.dimension(query.dimensions().get(d), p, query.zone());
            join.add("(" + value + " IS NULL) = c.n" + d + "::boolean");
            join.add("coalesce(" + value + ", '') = c.v" + d);
        }
        boolean perTuple = scope == Scope.MATCHING && dimensionCount > 0;
        StringJoiner select = new StringJoiner(", ");
        StringJoiner groupBy = new StringJoiner(", ");
        if (perTuple) {
            select.add("c.i");
            groupBy.add("c.i");
        }
        if (starts != null) {
            select.add("width_bucket(e.ts, (SELECT " + p.timestampArray(starts) + ")) AS bucket");
            groupBy.add(String.valueOf(perTuple ? 2 : 1));
        }
        for (int m = 0; m < query.metrics().size(); m++) {
            select.add(EventColumns.metric(query.metrics().get(m), p, query.zone()) + " AS m" + m);
        }
        select.add("count(*) AS n");
        String where = EventSql.inRange(query.project(), range, p)
                + FilterCompiler.conditions(query.filters(), p, query.zone());
        String tupleTable = "(SELECT * FROM unnest(" + unnest + ") WITH ORDINALITY AS t(" + aliases + ", i)) c";
        String sql;
        if (perTuple) {
            sql = "SELECT " + select + " FROM events e JOIN " + tupleTable + " ON " + join + " WHERE " + where;
        } else if (scope == Scope.REMAINING && dimensionCount > 0) {
            sql = "SELECT " + select + " FROM events e WHERE " + where + " AND NOT EXISTS (SELECT 1 FROM " + tupleTable
                    + " WHERE " + join + ")";
        } else {
            sql = "SELECT " + select + " FROM events e WHERE " + where;
        }
        if (groupBy.length() > 0) {
            sql += " GROUP BY " + groupBy;
        }
        return p.statement(sql);
    }
}
