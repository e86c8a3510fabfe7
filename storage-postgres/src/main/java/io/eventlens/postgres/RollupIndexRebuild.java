package io.eventlens.postgres;

import io.r2dbc.spi.Connection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Rebuilds the indexes of the append-only rollup tables once compaction has left them mostly empty. Compaction deletes
 * all but one row per key; vacuum frees the deleted entries, but a B-tree page is given back only when it is empty,
 * and the pages of past buckets get no new entries to fill them. After a 10M-event seed was compacted, the rollup rows'
 * key index held 1.08M entries in 1.6 GB (95 MB rebuilt), and Q3 read 1,255 of its pages for 1,165 rows (333 rebuilt).
 *
 * <p>A table is due when the rows deleted from it since its last rebuild (PostgreSQL's own count,
 * {@code pg_stat_user_tables.n_tup_del}) outnumber the rows it holds, and are at least {@code minDeleted}. The rebuild
 * is {@code REINDEX TABLE … CONCURRENTLY}: reads and writes go on meanwhile. One instance at a time rebuilds (a session
 * advisory lock); an invalid index left by a rebuild that died half-way is dropped before the next check.
 */
final class RollupIndexRebuild {

    private static final Log log = LogFactory.getLog(RollupIndexRebuild.class);

    /** The tables compaction deletes from; only these names are ever used as SQL. */
    static final List<String> TABLES = List.of("rollup_rows", "rollup_members", "rollup_sketches");

    /** What a concurrent rebuild names its new and old copies while it runs. */
    private static final Pattern LEFTOVER = Pattern.compile("rollup_[a-z_]+_cc(new|old)[0-9]*");

    /** The advisory lock one rebuilding instance holds: a namespace of its own, apart from the rollups' locks. */
    static final int LOCK_NAMESPACE = 0x72656978;

    static final int LOCK_KEY = 1;

    /** Deleted rows below which a table's indexes are left as they are: a small table's waste costs reads little. */
    static final long MIN_DELETED = 100_000;

    private final PostgresDatabase database;
    private final long minDeleted;

    RollupIndexRebuild(PostgresDatabase database, long minDeleted) {
        this.database = database;
        this.minDeleted = minDeleted;
    }

    /** Rebuilds the indexes of every table that is due, one table after another; answers the tables rebuilt. */
    Mono<List<String>> rebuildWhereDue() {
        return database.onOneConnection(connection -> Flux.usingWhen(
                        tryLock(connection),
                        locked -> locked ? dropLeftovers(connection).thenMany(rebuildDue(connection)) : Flux.empty(),
                        locked -> unlock(connection, locked),
                        (locked, error) -> unlock(connection, locked),
                        locked -> unlock(connection, locked)))
                .collectList();
    }

    private Flux<String> rebuildDue(Connection connection) {
        SqlStatement due = new SqlStatement(
                "SELECT s.relname::text, s.n_tup_del FROM pg_stat_user_tables s "
                        + "LEFT JOIN rollup_index_rebuilds r ON r.table_name = s.relname "
                        + "WHERE s.schemaname = current_schema() AND s.relname = ANY ($1) "
                        // A count below the one recorded means the server's statistics were reset since.
                        + "AND s.n_tup_del - CASE WHEN r.deleted_rows <= s.n_tup_del THEN r.deleted_rows ELSE 0 END "
                        + ">= greatest(s.n_live_tup, $2) ORDER BY 1",
                List.of(TABLES.toArray(String[]::new), minDeleted));
        return PostgresDatabase.query(
                        connection,
                        due,
                        row -> new Due(
                                Objects.requireNonNull(row.get(0, String.class)),
                                Objects.requireNonNull(row.get(1, Long.class))))
                .collectList()
                .flatMapMany(Flux::fromIterable)
                .filter(table -> TABLES.contains(table.name()))
                .concatMap(table -> rebuild(connection, table));
    }

    private record Due(String name, long deletedRows) {}

    private Mono<String> rebuild(Connection connection, Due table) {
        long started = System.nanoTime();
        return indexBytes(connection, table.name())
                .flatMap(before -> update(connection, "REINDEX TABLE CONCURRENTLY " + table.name())
                        .then(PostgresDatabase.update(
                                connection,
                                new SqlStatement(
                                        "INSERT INTO rollup_index_rebuilds (table_name, deleted_rows) VALUES ($1, $2) "
                                                + "ON CONFLICT (table_name) DO UPDATE SET deleted_rows = "
                                                + "EXCLUDED.deleted_rows, rebuilt_at = now()",
                                        List.of(table.name(), table.deletedRows()))))
                        .then(indexBytes(connection, table.name()))
                        .doOnNext(after -> log.info(String.format(
                                "Rebuilt the indexes of %s after %,d rows deleted by compaction: %s -> %s in %,d ms",
                                table.name(),
                                table.deletedRows(),
                                megabytes(before),
                                megabytes(after),
                                (System.nanoTime() - started) / 1_000_000))))
                .thenReturn(table.name());
    }

    private static Mono<Long> indexBytes(Connection connection, String table) {
        return PostgresDatabase.query(
                        connection,
                        new SqlStatement("SELECT pg_indexes_size($1::regclass)", List.of(table)),
                        row -> Objects.requireNonNull(row.get(0, Long.class)))
                .single();
    }

    private static String megabytes(long bytes) {
        return (bytes >> 20) + " MB";
    }

    private static Mono<Void> dropLeftovers(Connection connection) {
        SqlStatement invalid = new SqlStatement(
                "SELECT c.relname::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                        + "WHERE i.indrelid = ANY ($1::regclass[]) AND NOT i.indisvalid",
                List.of((Object) TABLES.toArray(String[]::new)));
        return PostgresDatabase.query(connection, invalid, row -> Objects.requireNonNull(row.get(0, String.class)))
                .collectList()
                .flatMapMany(Flux::fromIterable)
                .filter(index -> LEFTOVER.matcher(index).matches())
                .concatMap(index -> {
                    log.info("Dropping " + index + ", left invalid by an index rebuild that did not finish");
                    return update(connection, "DROP INDEX CONCURRENTLY IF EXISTS " + index);
                })
                .then();
    }

    private static Mono<Boolean> tryLock(Connection connection) {
        return PostgresDatabase.query(
                        connection,
                        new SqlStatement("SELECT pg_try_advisory_lock($1, $2)", List.of(LOCK_NAMESPACE, LOCK_KEY)),
                        row -> Boolean.TRUE.equals(row.get(0, Boolean.class)))
                .single();
    }

    private static Mono<Void> unlock(Connection connection, boolean locked) {
        if (!locked) {
            return Mono.empty();
        }
        return PostgresDatabase.query(
                        connection,
                        new SqlStatement("SELECT pg_advisory_unlock($1, $2)", List.of(LOCK_NAMESPACE, LOCK_KEY)),
                        row -> 1)
                .then();
    }

    private static Mono<Void> update(Connection connection, String sql) {
        return PostgresDatabase.update(connection, new SqlStatement(sql, List.of()))
                .then();
    }
}
