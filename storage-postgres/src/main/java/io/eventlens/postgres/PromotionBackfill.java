package io.eventlens.postgres;

import io.eventlens.core.promotion.PropertyType;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Fills a promoted column for the events stored before the promotion, a chunk at a time: each step walks the
 * project's next {@code chunkRows} events in {@code (ts, id)} order (the {@code events_project_ts_id} index), sets
 * the column where it differs from the JSON's value (events without the property are not written at all), and
 * moves the cursor on, in one transaction. Events committed after the promotion have the column from the trigger, so
 * the step that finds no further chunk fills everything past the cursor and makes the promotion READY. Steps are
 * idempotent and resume from the stored cursor after a restart.
 */
final class PromotionBackfill {

    static final int DEFAULT_CHUNK_ROWS = 20_000;

    private final PostgresDatabase database;
    private final int chunkRows;

    PromotionBackfill(PostgresDatabase database, int chunkRows) {
        this.database = database;
        this.chunkRows = chunkRows;
    }

    /** Where a backfill stands: the last event filled ({@code ts} null before the first step). */
    private record Cursor(
            String project,
            String key,
            PropertyType type,
            @Nullable Instant ts,
            @Nullable UUID id,
            @Nullable Instant first,
            @Nullable Instant last) {

        Cursor bounded(@Nullable Instant first, @Nullable Instant last) {
            return new Cursor(project, key, type, ts, id, first, last);
        }
    }

    /** One chunk of promotion {@code id}; true while more is left, false once READY (or not backfilling). */
    Mono<Boolean> step(int id) {
        return step(id, chunkRows);
    }

    /** The same with a chunk of {@code rows} events. */
    Mono<Boolean> step(int id, int rows) {
        return database.inTransaction(connection -> PostgresDatabase.query(
                                connection,
                                new SqlStatement(
                                        "SELECT project_id, key, type, cursor_ts, cursor_id, first_ts, last_ts FROM "
                                                + "promoted_properties WHERE id = $1 AND state = 'BACKFILLING' FOR UPDATE",
                                        List.of(id)),
                                row -> new Cursor(
                                        Objects.requireNonNull(row.get(0, String.class)),
                                        Objects.requireNonNull(row.get(1, String.class)),
                                        PropertyType.valueOf(Objects.requireNonNull(row.get(2, String.class))),
                                        instant(row.get(3, OffsetDateTime.class)),
                                        row.get(4, UUID.class),
                                        instant(row.get(5, OffsetDateTime.class)),
                                        instant(row.get(6, OffsetDateTime.class))))
                        .next()
                        .flatMap(cursor -> bounds(connection, cursor))
                        .flatMap(cursor -> chunkEnd(connection, cursor, rows)
                                .map(Optional::of)
                                .defaultIfEmpty(Optional.empty())
                                .flatMap(end -> fill(connection, id, cursor, end.orElse(null))
                                        .then(advance(connection, id, cursor, end.orElse(null)))
                                        .thenReturn(end.isPresent()))))
                .defaultIfEmpty(false);
    }

    /** The project's first and last event, once, for progress by time. */
    private static Mono<Cursor> bounds(Connection connection, Cursor cursor) {
        if (cursor.first() != null) {
            return Mono.just(cursor);
        }
        return PostgresDatabase.query(
                        connection,
                        new SqlStatement(
                                "SELECT min(ts), max(ts) FROM events " + "WHERE project_id = $1",
                                List.of(cursor.project())),
                        row -> cursor.bounded(
                                instant(row.get(0, OffsetDateTime.class)), instant(row.get(1, OffsetDateTime.class))))
                .single();
    }

    private record Key(Instant ts, UUID id) {}

    /** The last event of the next chunk; empty when fewer than a chunk are left. */
    private static Mono<Key> chunkEnd(Connection connection, Cursor cursor, int rows) {
        SqlParameters p = new SqlParameters();
        String sql = "SELECT ts, id FROM events WHERE project_id = " + p.text(cursor.project()) + after(cursor, p)
                + " ORDER BY ts, id OFFSET " + p.integer(rows - 1) + " LIMIT 1";
        return PostgresDatabase.query(
                        connection,
                        p.statement(sql),
                        row -> new Key(
                                Objects.requireNonNull(row.get(0, OffsetDateTime.class))
                                        .toInstant(),
                                Objects.requireNonNull(row.get(1, UUID.class))))
                .next();
    }

    /** Sets the column from the JSON over the chunk ({@code end} null: everything past the cursor). */
    private static Mono<Long> fill(Connection connection, int id, Cursor cursor, @Nullable Key end) {
        SqlParameters p = new SqlParameters();
        String column = PromotedColumns.name(id);
        String key = p.text(cursor.key());
        // The same SQL the report compiler reads the JSON with, so the column equals it for every event.
        String value = cursor.type() == PropertyType.STRING
                ? "(e.properties ->> " + key + ")"
                : "(CASE WHEN jsonb_typeof(e.properties -> " + key + ") = 'number' THEN (e.properties ->> " + key
                        + ")::numeric END)";
        String sql = "UPDATE events e SET " + column + " = " + value + " WHERE e.project_id = "
                + p.text(cursor.project()) + after(cursor, p)
                + (end == null
                        ? ""
                        : " AND e.ts <= " + p.timestamp(end.ts()) + " AND (e.ts, e.id) <= (" + p.timestamp(end.ts())
                                + ", " + p.uuid(end.id()) + ")")
                + " AND e." + column + " IS DISTINCT FROM " + value;
        return PostgresDatabase.update(connection, p.statement(sql));
    }

    /** Past the cursor; the plain bound on ts lets PostgreSQL skip the months before it (a row comparison does not). */
    private static String after(Cursor cursor, SqlParameters p) {
        if (cursor.ts() == null) {
            return "";
        }
        String ts = p.timestamp(cursor.ts());
        return " AND ts >= " + ts + " AND (ts, id) > (" + ts + ", " + p.uuid(Objects.requireNonNull(cursor.id())) + ")";
    }

    private static Mono<Long> advance(Connection connection, int id, Cursor cursor, @Nullable Key end) {
        if (end == null) {
            return PostgresDatabase.update(
                    connection,
                    new SqlStatement(
                            "UPDATE promoted_properties SET state = "
                                    + "'READY', progress = 1, changed_at = now() WHERE id = $1",
                            List.of(id)));
        }
        // A chunk was found, so the project has events and both bounds are known.
        Instant first = Objects.requireNonNull(cursor.first());
        Instant last = Objects.requireNonNull(cursor.last());
        long span = Duration.between(first, last).toMillis();
        double progress =
                span <= 0 ? 0.99 : Math.clamp(Duration.between(first, end.ts()).toMillis() / (double) span, 0.0, 0.99);
        SqlParameters p = new SqlParameters();
        return PostgresDatabase.update(
                connection,
                p.statement("UPDATE promoted_properties SET cursor_ts = "
                        + p.timestamp(end.ts()) + ", cursor_id = " + p.uuid(end.id()) + ", first_ts = "
                        + p.timestamp(first)
                        + ", last_ts = " + p.timestamp(last) + ", progress = " + p.real(progress)
                        + ", changed_at = now() WHERE id = " + p.integer(id)));
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
