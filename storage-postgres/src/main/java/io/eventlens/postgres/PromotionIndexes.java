package io.eventlens.postgres;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;

/**
 * Indexes a READY promoted column on {@code (project_id, column, ts)} where it is not null, so a filter on it
 * ({@code duration_ms > 10000}, {@code plan = 'pro'}) reads the matching events instead of every event of the range.
 * A plain {@code CREATE INDEX} on the partitioned table would block ingest for the whole build, so the parent index
 * is made {@code ON ONLY} (empty, at once), each monthly partition's index {@code CONCURRENTLY}, and each attached;
 * months created later get theirs with the partition. Every statement is idempotent: a failed round is repeated
 * next tick, an invalid leftover of a failed concurrent build is dropped first.
 */
final class PromotionIndexes {

    /** Partition names come from the catalog; only names of the form MonthlyPartitions makes are used as SQL. */
    private static final Pattern PARTITION = Pattern.compile("events_y[0-9]{4}m[0-9]{2}");

    private final PostgresDatabase database;

    PromotionIndexes(PostgresDatabase database) {
        this.database = database;
    }

    /** Builds what is missing of promotion {@code id}'s index and marks it indexed. */
    Mono<Void> build(int id) {
        String column = PromotedColumns.name(id);
        String parent = "events_" + column;
        String keys = " (project_id, " + column + ", ts) WHERE " + column + " IS NOT NULL";
        return update("CREATE INDEX IF NOT EXISTS " + parent + " ON ONLY events" + keys)
                .thenMany(database.query(
                        new SqlStatement(
                                "SELECT c.relname::text FROM pg_inherits i JOIN pg_class c "
                                        + "ON c.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass ORDER BY 1",
                                List.of()),
                        row -> Objects.requireNonNull(row.get(0, String.class))))
                .filter(partition -> PARTITION.matcher(partition).matches())
                .concatMap(partition -> {
                    String index = partition + "_" + column;
                    return dropIfInvalid(index)
                            .then(update(
                                    "CREATE INDEX CONCURRENTLY IF NOT EXISTS " + index + " ON " + partition + keys))
                            .then(update("ALTER INDEX " + parent + " ATTACH PARTITION " + index));
                })
                .then(database.query(
                                new SqlStatement(
                                        "UPDATE promoted_properties SET indexed = true WHERE id = $1 "
                                                + "AND state = 'READY'",
                                        List.of(id)),
                                row -> 1)
                        .then());
    }

    private Mono<Void> dropIfInvalid(String index) {
        return database.queryFirst(
                        new SqlStatement(
                                "SELECT NOT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = "
                                        + "i.indexrelid WHERE c.relname = $1",
                                List.of(index)),
                        row -> Boolean.TRUE.equals(row.get(0, Boolean.class)))
                .filter(invalid -> invalid)
                .flatMap(invalid -> update("DROP INDEX CONCURRENTLY IF EXISTS " + index));
    }

    /** Runs a statement on a connection of its own, outside any transaction (CONCURRENTLY needs that). */
    private Mono<Void> update(String sql) {
        return database.query(new SqlStatement(sql, List.of()), row -> 1).then();
    }
}
