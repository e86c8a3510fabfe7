package io.eventlens.postgres;

import io.eventlens.core.ProjectId;
import io.eventlens.core.rollup.Rollup;
import io.eventlens.sql.EventSql;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Merges a key's partial rows ({@link PartialRows}) into one, so reports merge one sketch or member set per rollup
 * row; then the append-only rollup rows themselves ({@link RollupRowCompaction}). Safe beside writers and readers without the project's lock: the merged row counts exactly what the partial
 * rows did, and the rows it replaces disappear in the same transaction it appears in.
 */
final class PartialRowCompaction {

    private record Partials(
            int rollupId, OffsetDateTime bucket, List<String> keys, Long[] ids, String[] users, String[] sessions) {}

    private final PostgresDatabase database;
    private final RollupRowCompaction rows;

    PartialRowCompaction(PostgresDatabase database) {
        this.database = database;
        this.rows = new RollupRowCompaction(database);
    }

    /**
     * What one pass merged: keys over all kinds of rows, and whether a kind had more keys to merge than the pass took
     * (the next pass has work left).
     */
    record Pass(int keys, boolean more) {

        static Pass of(int keys, int maxKeys) {
            return new Pass(keys, keys >= maxKeys);
        }

        Pass plus(Pass other) {
            return new Pass(keys + other.keys, more || other.more);
        }
    }

    /** Before and after every bucket a rollup can have (events are refused outside 1900-2299). */
    static final Instant FIRST = Instant.parse("1800-01-01T00:00:00Z");

    static final Instant LAST = Instant.parse("2400-01-01T00:00:00Z");

    /** Compacts up to {@code maxKeys} keys of each kind of the project's rows, from any time. */
    Mono<Pass> compact(ProjectId project, int maxKeys) {
        return compact(project, maxKeys, FIRST, LAST);
    }

    /** The earliest bucket of any of the project's rollup rows: one index probe per rollup and kind of row. */
    Mono<java.util.Optional<Instant>> oldestBucket(ProjectId project) {
        StringJoiner tables = new StringJoiner(" UNION ALL ");
        for (String table :
                List.of("rollup_rows", PartialRows.Kind.SKETCHES.table(), PartialRows.Kind.MEMBERS.table())) {
            tables.add("SELECT (SELECT min(bucket) FROM " + table
                    + " t WHERE t.rollup_id = r.id AND t.project_id = $1) AS bucket FROM rollups r");
        }
        return database.query(
                        new SqlStatement("SELECT min(bucket) FROM (" + tables + ") b", List.of(project.value())),
                        row -> java.util.Optional.ofNullable(row.get(0, OffsetDateTime.class))
                                .map(OffsetDateTime::toInstant))
                .single();
    }

    /** The same for the buckets in {@code [from, until)} only: the history sweep's day. */
    Mono<Pass> compact(ProjectId project, int maxKeys, Instant from, Instant until) {
        return compact(project, maxKeys, from, until, null);
    }

    /**
     * Compacts each rollup's rows from the bucket {@code edge} falls in, by the rollup's grain, for the rollups
     * {@code due}: the rows a seal adds to are the last few of a minute rollup, but all of today's of a daily one, so
     * each grain gets its own window (one pass over all of today's rows of every rollup had cost ~120 ms of
     * PostgreSQL every 5 s at 10M events, most of it in daily rows).
     */
    Mono<Pass> compactRecent(ProjectId project, int maxKeys, Instant edge, Predicate<Rollup> due) {
        return database.inTransaction(connection -> RollupCatalog.rollups(connection, project))
                .flatMapMany(rollups -> Flux.fromIterable(rollups.stream()
                        .filter(stored -> due.test(stored.rollup()))
                        .collect(Collectors.groupingBy(
                                stored -> stored.rollup().bucketOf(edge),
                                TreeMap::new,
                                Collectors.mapping(RollupCatalog.StoredRollup::id, Collectors.toList())))
                        .entrySet()))
                .concatMap(window -> compact(
                        project,
                        maxKeys,
                        window.getKey(),
                        LAST,
                        window.getValue().toArray(Integer[]::new)))
                .reduce(new Pass(0, false), Pass::plus);
    }

    /** The same for the given rollups only ({@code null}: all of them). */
    private Mono<Pass> compact(
            ProjectId project, int maxKeys, Instant from, Instant until, Integer @Nullable [] rollupIds) {
        return Flux.fromArray(PartialRows.Kind.values())
                .concatMap(kind -> compact(kind, project, maxKeys, from, until, rollupIds))
                .concatWith(Mono.defer(() -> rows.compact(project, maxKeys, from, until, rollupIds)))
                .map(keys -> Pass.of(keys, maxKeys))
                .reduce(new Pass(0, false), Pass::plus);
    }

    private Mono<Integer> compact(
            PartialRows.Kind kind,
            ProjectId project,
            int maxKeys,
            Instant from,
            Instant until,
            Integer @Nullable [] rollupIds) {
        StringJoiner keys = new StringJoiner(", ");
        PartialRows.KEY_COLUMNS.forEach(c -> keys.add(EventSql.column(c).substring(2)));
        SqlStatement partials = new SqlStatement(
                "SELECT rollup_id, bucket, " + keys + ", array_agg(id), "
                        + "array_agg(encode(users, 'base64')), array_agg(encode(sessions, 'base64')) FROM "
                        + kind.table()
                        + " WHERE project_id = $1 AND bucket >= $3 AND bucket < $4"
                        + (rollupIds == null ? "" : " AND rollup_id = ANY ($5)") + " GROUP BY rollup_id, bucket, "
                        + keys + " HAVING count(*) > 1 LIMIT $2",
                rollupIds == null
                        ? List.of(project.value(), maxKeys, utc(from), utc(until))
                        : List.of(project.value(), maxKeys, utc(from), utc(until), rollupIds));
        // Set-based: one DELETE of every partial row found, then one COPY of the merged rows per rollup.
        return database.inTransaction(connection -> PostgresDatabase.query(
                        connection, partials, PartialRowCompaction::read)
                .collectList()
                .publishOn(CpuWork.SCHEDULER) // the merges below
                .flatMap(found -> found.isEmpty()
                        ? Mono.just(0)
                        : PostgresDatabase.update(
                                        connection,
                                        new SqlStatement(
                                                "DELETE FROM " + kind.table() + " WHERE id = ANY($1)",
                                                List.of((Object) found.stream()
                                                        .flatMap(p -> Arrays.stream(p.ids()))
                                                        .toArray(Long[]::new))))
                                .thenMany(Flux.fromIterable(found.stream()
                                        .collect(java.util.stream.Collectors.groupingBy(
                                                Partials::rollupId,
                                                java.util.TreeMap::new,
                                                java.util.stream.Collectors.mapping(
                                                        partial -> merged(kind, partial),
                                                        java.util.stream.Collectors.toList())))
                                        .entrySet()))
                                .concatMap(byRollup -> PostgresDatabase.write(
                                        connection,
                                        PartialRows.insert(kind, byRollup.getKey(), project, byRollup.getValue())))
                                .then(Mono.just(found.size()))));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, java.time.ZoneOffset.UTC);
    }

    private static PartialRows.Group merged(PartialRows.Kind kind, Partials partials) {
        Base64.Decoder base64 = Base64.getMimeDecoder();
        List<byte[]> users = Arrays.stream(partials.users()).map(base64::decode).toList();
        List<byte[]> sessions =
                Arrays.stream(partials.sessions()).map(base64::decode).toList();
        return new PartialRows.Group(partials.bucket(), partials.keys(), kind.merge(users), kind.merge(sessions));
    }

    private static Partials read(Readable row) {
        List<String> keys = new ArrayList<>();
        int column = 2;
        for (int i = 0; i < PartialRows.KEY_COLUMNS.size(); i++) {
            keys.add(row.get(column++, String.class));
        }
        return new Partials(
                Objects.requireNonNull(row.get(0, Integer.class)),
                Objects.requireNonNull(row.get(1, OffsetDateTime.class)),
                keys,
                Objects.requireNonNull(row.get(column++, Long[].class)),
                Objects.requireNonNull(row.get(column++, String[].class)),
                Objects.requireNonNull(row.get(column, String[].class)));
    }
}
