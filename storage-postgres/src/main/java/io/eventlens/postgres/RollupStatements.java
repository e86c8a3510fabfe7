package io.eventlens.postgres;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.rollup.Rollup;
import java.time.Instant;
import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * The SQL that keeps rollups: one upsert that adds a slice of events to a rollup's rows. Column names come from
 * {@link EventColumns} only; ids, bounds and the grain are bind parameters.
 */
final class RollupStatements {

    /** Every column a rollup row can keep, in the order of the table's key. */
    static final List<EventColumn> KEY_COLUMNS = List.of(EventColumn.TYPE, EventColumn.COUNTRY, EventColumn.DEVICE,
            EventColumn.BROWSER, EventColumn.OS, EventColumn.PAGE, EventColumn.REFERRER, EventColumn.USER_ID,
            EventColumn.SESSION_ID);

    /** Writers and sealers of one project serialize on this advisory lock (namespace, project hash). */
    private static final int LOCK_NAMESPACE = 0x726f6c6c;

    private RollupStatements() {
    }

    static SqlStatement lockShared(ProjectId project) {
        return new SqlStatement("SELECT pg_advisory_xact_lock_shared($1, hashtext($2))::text",
                List.of(LOCK_NAMESPACE, project.value()));
    }

    static SqlStatement lockExclusive(ProjectId project) {
        return new SqlStatement("SELECT pg_advisory_xact_lock($1, hashtext($2))::text",
                List.of(LOCK_NAMESPACE, project.value()));
    }

    /**
     * Adds the project's events with {@code from <= ts < to} (and, when given, only those ids) to the rollup's rows.
     * Rows are produced in key order, so concurrent writers lock existing rows in the same order.
     */
    static SqlStatement add(int rollupId, Rollup rollup, ProjectId project, Instant from, Instant to,
            List<UUID> onlyIds) {
        SqlParameters p = new SqlParameters();
        String projectValue = p.text(project.value());
        String source = "events e WHERE e.project_id = " + projectValue + " AND e.ts >= " + p.timestamp(from)
                + " AND e.ts < " + p.timestamp(to)
                + (onlyIds.isEmpty() ? "" : " AND e.id = ANY(" + uuidArray(p, onlyIds) + ")");
        return p.statement(insert(p, rollupId, rollup, projectValue, source));
    }

    /**
     * Adds the project's events with {@code from <= ts < to} to every given rollup in one statement, so all of them
     * see the same events (one snapshot), and answers how many events that slice holds.
     */
    static SqlStatement addToAll(List<RollupCatalog.StoredRollup> rollups, ProjectId project, Instant from,
            Instant to) {
        SqlParameters p = new SqlParameters();
        String projectValue = p.text(project.value());
        StringJoiner columns = new StringJoiner(", ");
        KEY_COLUMNS.forEach(column -> columns.add(EventColumns.column(column)));
        StringBuilder sql = new StringBuilder("WITH slice AS MATERIALIZED (SELECT e.ts, e.revenue, ").append(columns)
                .append(" FROM events e WHERE e.project_id = ").append(projectValue).append(" AND e.ts >= ")
                .append(p.timestamp(from)).append(" AND e.ts < ").append(p.timestamp(to)).append(")");
        for (int i = 0; i < rollups.size(); i++) {
            RollupCatalog.StoredRollup stored = rollups.get(i);
            sql.append(", r").append(i).append(" AS (")
                    .append(insert(p, stored.id(), stored.rollup(), projectValue, "slice e")).append(")");
        }
        return p.statement(sql.append(" SELECT count(*) FROM slice").toString());
    }

    /** The upsert of one rollup's rows from {@code source} (a table or CTE aliased {@code e}, with its filter). */
    private static String insert(SqlParameters p, int rollupId, Rollup rollup, String projectValue, String source) {
        String id = p.integer(rollupId);
        String grain = p.integer((int) rollup.grainSeconds());
        StringJoiner columns = new StringJoiner(", ");
        StringJoiner values = new StringJoiner(", ");
        StringJoiner groupBy = new StringJoiner(", ");
        for (EventColumn column : KEY_COLUMNS) {
            String name = EventColumns.column(column).substring(2);
            columns.add(name);
            if (rollup.columns().contains(column)) {
                values.add("e." + name);
                groupBy.add("e." + name);
            } else {
                values.add("NULL::text");
            }
        }
        String bucket = "date_bin(make_interval(secs => " + grain + "), e.ts, timestamptz '1970-01-01 00:00:00+00')";
        String group = "1" + (groupBy.length() == 0 ? "" : ", " + groupBy);
        return "INSERT INTO rollup_rows AS r (bucket, " + columns + ", events, revenue, rollup_id, project_id) "
                + "SELECT " + bucket + ", " + values + ", count(*), coalesce(sum(e.revenue), 0), " + id + ", "
                + projectValue + " FROM " + source + " GROUP BY " + group + " ORDER BY " + group
                + " ON CONFLICT ON CONSTRAINT rollup_rows_key DO UPDATE SET events = r.events + excluded.events, "
                + "revenue = r.revenue + excluded.revenue";
    }

    private static String uuidArray(SqlParameters p, List<UUID> ids) {
        return p.textArray(ids.stream().map(UUID::toString).toList()) + "::uuid[]";
    }
}
