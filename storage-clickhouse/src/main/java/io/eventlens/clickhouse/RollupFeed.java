package io.eventlens.clickhouse;

import io.eventlens.core.event.EventColumn;
import io.eventlens.core.rollup.Rollup;
import io.eventlens.sql.EventSql;
import java.util.StringJoiner;

/**
 * The SELECT that turns events into rollup rows, shared by the materialized view (over each inserted block) and the
 * backfill of a defined rollup (over the project's stored events): every event joins each definition that applies to
 * it (built-in ones, {@code project_id = ''}, apply to every project) and is grouped per UTC-aligned bucket of the
 * definition's grain and the columns it keeps; columns it does not keep are NULL.
 */
final class RollupFeed {

    private RollupFeed() {}

    /** The definitions the view feeds: the built-in ones and the defined ones past {@link RollupSchema#DEFINED}. */
    static String fedDefinitions(String database) {
        StringJoiner union = new StringJoiner(" UNION ALL ");
        Rollup.DEFAULTS.forEach(rollup -> union.add(RollupSchema.builtIn(rollup)));
        union.add("SELECT project_id, " + ROWS_KEY + " AS name, grain_seconds, columns, sketches FROM " + database + "."
                + RollupSchema.DEFINITIONS + " FINAL WHERE stage >= " + RollupSchema.FED + " AND removed = 0");
        return union.toString();
    }

    /**
     * What a defined rollup's rows are stored under: its name and the generation that fed them. Rows are never
     * deleted (lightweight deletes are mutations, which chdb-wasm cannot run); a removed rollup, or one whose
     * backfill was interrupted and restarted, simply stops being read.
     */
    static final String ROWS_KEY = "concat(name, '@', toString(generation))";

    /**
     * @param events the events, aliased {@code e}
     * @param definitions rows {@code (project_id, name, grain_seconds, columns, sketches)}
     */
    static String select(String events, String definitions) {
        StringJoiner select = new StringJoiner(", ");
        select.add("e.project_id AS project_id");
        select.add("d.name AS rollup_name");
        select.add(
                "toDateTime64(intDiv(toUnixTimestamp(e.ts), d.grain_seconds) * d.grain_seconds, 6, 'UTC') AS bucket");
        for (EventColumn column : Rollup.KEY_COLUMNS) {
            select.add("if(has(d.columns, '" + column.name() + "'), toNullable(" + EventSql.column(column)
                    + "), NULL) AS " + RollupSchema.name(column));
        }
        select.add("count() AS events");
        select.add("sum(" + EventColumns.amount("e.revenue") + ") AS revenue");
        select.add("uniqCombinedStateIf(12)(e.user_id, d.sketches = 1) AS users");
        select.add("uniqCombinedStateIf(12)(e.session_id, d.sketches = 1) AS sessions");
        return "SELECT " + select + " FROM " + events + " INNER JOIN (" + definitions + ") AS d ON d.project_id = '' "
                + "OR d.project_id = e.project_id GROUP BY project_id, rollup_name, bucket, " + RollupSchema.keyNames();
    }
}
