package io.eventlens.postgres;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.rollup.Rollup;
import io.eventlens.sql.EventSql;
import java.time.Instant;
import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * The SQL that keeps rollups: one upsert that adds a slice of events to a rollup's rows. Column names come from
 * {@link EventColumns} only; ids, bounds and the grain are bind parameters.
 */
final class RollupStatements {

    /** Writers and sealers of one project serialize on this advisory lock (namespace, project hash). */
    private static final int LOCK_NAMESPACE = 0x726f6c6c;

    private RollupStatements() {}

    static SqlStatement lockShared(ProjectId project) {
        return new SqlStatement(
                "SELECT pg_advisory_xact_lock_shared($1, hashtext($2))::text",
                List.of(LOCK_NAMESPACE, project.value()));
    }

    static SqlStatement lockExclusive(ProjectId project) {
        return new SqlStatement(
                "SELECT pg_advisory_xact_lock($1, hashtext($2))::text", List.of(LOCK_NAMESPACE, project.value()));
    }

    /**
     * Adds the project's events with {@code from <= ts < to} (and, when given, only those ids) to the rollup as new
     * rows, one per key: rollup rows are append-only ({@link RollupRowCompaction} merges a key's rows later).
     */
    static SqlStatement add(
            int rollupId, Rollup rollup, ProjectId project, Instant from, Instant to, List<UUID> onlyIds) {
        SqlParameters p = new SqlParameters();
        String id = p.integer(rollupId);
        String projectValue = p.text(project.value());
        String grain = p.integer((int) rollup.grainSeconds());
        StringJoiner columns = new StringJoiner(", ");
        StringJoiner values = new StringJoiner(", ");
        StringJoiner groupBy = new StringJoiner(", ");
        for (EventColumn column : Rollup.KEY_COLUMNS) {
            String name = EventSql.column(column).substring(2);
            columns.add(name);
            if (rollup.columns().contains(column)) {
                values.add("e." + name);
                groupBy.add("e." + name);
            } else {
                values.add("NULL::text");
            }
        }
        String bucket = "date_bin(make_interval(secs => " + grain + "), e.ts, timestamptz '1970-01-01 00:00:00+00')";
        String where = "e.project_id = " + projectValue + " AND e.ts >= " + p.timestamp(from) + " AND e.ts < "
                + p.timestamp(to) + (onlyIds.isEmpty() ? "" : " AND e.id = ANY(" + uuidArray(p, onlyIds) + ")");
        String group = "1" + (groupBy.length() == 0 ? "" : ", " + groupBy);
        String sql = "INSERT INTO rollup_rows (bucket, " + columns + ", events, revenue, rollup_id, project_id) "
                + "SELECT " + bucket + ", " + values + ", count(*), coalesce(sum(e.revenue::numeric), 0), " + id + ", "
                + projectValue + " FROM events e WHERE " + where + " GROUP BY " + group;
        return p.statement(sql);
    }

    private static String uuidArray(SqlParameters p, List<UUID> ids) {
        return p.textArray(ids.stream().map(UUID::toString).toList()) + "::uuid[]";
    }
}
