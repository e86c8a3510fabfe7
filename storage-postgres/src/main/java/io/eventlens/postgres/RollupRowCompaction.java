package io.eventlens.postgres;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.rollup.Rollup;
import io.eventlens.sql.EventSql;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Merges a key's append-only rollup rows into one, in one statement: the rows it deletes and the row it inserts
 * appear and disappear in the same transaction, so a report in any snapshot sums the same. Safe beside writers (a row
 * appended after the statement's snapshot is neither deleted nor summed) and beside a second compactor (a row the other
 * deleted first is skipped, and so is its share of the sum: only the rows this statement deleted are summed).
 */
final class RollupRowCompaction {

    private final PostgresDatabase database;
    private final String sql;
    private final String sqlOfSomeRollups;

    RollupRowCompaction(PostgresDatabase database) {
        this.database = database;
        StringJoiner keys = new StringJoiner(", ");
        for (EventColumn column : Rollup.KEY_COLUMNS) {
            keys.add(EventSql.column(column).substring(2));
        }
        // Rows are found and deleted by their tuple ids (rollup rows are never updated, so an id stays the row's):
        // a join back on the key columns (NULLs equal) gave the planner no index or hash to use, and it ran a nested
        // loop over the table per key (EXPLAIN: minutes at 280,000 rows, the seal stuck behind it).
        this.sql = sql(keys, "");
        this.sqlOfSomeRollups = sql(keys, " AND rollup_id = ANY ($5)");
    }

    private static String sql(StringJoiner keys, String ofRollups) {
        return "WITH keys AS (SELECT array_agg(ctid) AS rows FROM rollup_rows WHERE project_id = $1 "
                + "AND bucket >= $3 AND bucket < $4" + ofRollups + " GROUP BY rollup_id, bucket, " + keys
                + " HAVING count(*) > 1 LIMIT $2), "
                + "gone AS (DELETE FROM rollup_rows WHERE ctid = ANY (ARRAY(SELECT unnest(rows) FROM keys)) "
                + "RETURNING rollup_id, bucket, " + keys + ", events, revenue) "
                + "INSERT INTO rollup_rows (rollup_id, project_id, bucket, " + keys + ", events, revenue) "
                + "SELECT rollup_id, $1, bucket, " + keys + ", sum(events), sum(revenue) FROM gone "
                + "GROUP BY rollup_id, bucket, " + keys;
    }

    /**
     * Merges up to {@code maxKeys} keys of the project's rows with buckets in {@code [from, until)}, of the given
     * rollups ({@code null}: all); answers how many.
     */
    Mono<Integer> compact(ProjectId project, int maxKeys, Instant from, Instant until, Integer @Nullable [] rollupIds) {
        List<Object> values = new java.util.ArrayList<>(List.of(
                project.value(),
                maxKeys,
                OffsetDateTime.ofInstant(from, ZoneOffset.UTC),
                OffsetDateTime.ofInstant(until, ZoneOffset.UTC)));
        if (rollupIds != null) {
            values.add(rollupIds);
        }
        SqlStatement statement = new SqlStatement(rollupIds == null ? sql : sqlOfSomeRollups, values);
        return database.inTransaction(connection -> PostgresDatabase.update(connection, statement))
                .map(Long::intValue);
    }
}
