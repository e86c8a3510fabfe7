package io.eventlens.postgres;

import io.eventlens.core.ProjectId;
import io.eventlens.sql.EventSql;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
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

    /** Compacts up to {@code maxKeys} keys of each kind of the project's partial rows; answers how many it did. */
    Mono<Integer> compact(ProjectId project, int maxKeys) {
        return compact(project, maxKeys, Instant.EPOCH.minus(Duration.ofDays(365 * 1000L)));
    }

    /**
     * The same for the buckets from {@code since} on only: seals add a partial row per key every second to the rows
     * of the last hours and days, so these are compacted often and cheaply (an index range), the rest rarely.
     */
    Mono<Integer> compact(ProjectId project, int maxKeys, Instant since) {
        return Flux.fromArray(PartialRows.Kind.values())
                .concatMap(kind -> compact(kind, project, maxKeys, since))
                .concatWith(Mono.defer(() -> rows.compact(project, maxKeys, since)))
                .reduce(0, Integer::sum);
    }

    private Mono<Integer> compact(PartialRows.Kind kind, ProjectId project, int maxKeys, Instant since) {
        StringJoiner keys = new StringJoiner(", ");
        PartialRows.KEY_COLUMNS.forEach(c -> keys.add(EventSql.column(c).substring(2)));
        SqlStatement partials = new SqlStatement(
                "SELECT rollup_id, bucket, " + keys + ", array_agg(id), "
                        + "array_agg(encode(users, 'base64')), array_agg(encode(sessions, 'base64')) FROM "
                        + kind.table()
                        + " WHERE project_id = $1 AND bucket >= $3 GROUP BY rollup_id, bucket, " + keys
                        + " HAVING count(*) > 1 LIMIT $2",
                List.of(project.value(), maxKeys, OffsetDateTime.ofInstant(since, java.time.ZoneOffset.UTC)));
        // Set-based: one DELETE of every partial row found, then one COPY of the merged rows per rollup.
        return database.inTransaction(connection -> PostgresDatabase.query(
                        connection, partials, PartialRowCompaction::read)
                .collectList()
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
