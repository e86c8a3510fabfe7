package io.eventlens.postgres;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.rollup.Rollup;
import io.eventlens.sql.EventSql;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps a rollup's distinct users and sessions beside its counts, in the same transaction, when a slice is added in
 * SQL (a seal that fell behind, a backfill step): the database groups the slice's events per rollup row key and lists
 * each group's distinct ids and member numbers; the sketches and member sets are built here and appended as partial
 * rows ({@link PartialRows}).
 */
final class RollupDistincts {

    private RollupDistincts() {}

    /** Appends the rows of the project's events with {@code from <= ts < to} (and, when given, only those ids). */
    static Mono<Void> add(
            Connection connection,
            int rollupId,
            Rollup rollup,
            ProjectId project,
            Instant from,
            Instant to,
            List<UUID> onlyIds) {
        if (!rollup.keepsMembers()) {
            return Mono.empty();
        }
        SqlParameters p = new SqlParameters();
        String grain = p.integer((int) rollup.grainSeconds());
        StringJoiner values = new StringJoiner(", ");
        StringJoiner groupBy = new StringJoiner(", ");
        for (EventColumn column : PartialRows.KEY_COLUMNS) {
            String name = EventSql.column(column);
            if (rollup.columns().contains(column)) {
                values.add(name);
                groupBy.add(name);
            } else {
                values.add("NULL::text");
            }
        }
        String sql = "SELECT date_bin(make_interval(secs => " + grain
                + "), e.ts, timestamptz '1970-01-01 00:00:00+00'), "
                + values + ", array_agg(DISTINCT e.user_id) FILTER (WHERE e.user_id IS NOT NULL), "
                + "array_agg(DISTINCT e.session_id) FILTER (WHERE e.session_id IS NOT NULL), "
                + "array_agg(DISTINCT e.user_no) FILTER (WHERE e.user_no IS NOT NULL), "
                + "array_agg(DISTINCT e.session_no) FILTER (WHERE e.session_no IS NOT NULL) FROM events e WHERE "
                + "e.project_id = " + p.text(project.value()) + " AND e.ts >= " + p.timestamp(from) + " AND e.ts < "
                + p.timestamp(to)
                + (onlyIds.isEmpty()
                        ? ""
                        : " AND e.id = ANY("
                                + p.textArray(
                                        onlyIds.stream().map(UUID::toString).toList()) + "::uuid[])")
                + " GROUP BY 1" + (groupBy.length() == 0 ? "" : ", " + groupBy);
        return PostgresDatabase.query(connection, p.statement(sql), row -> read(row, rollup.keepsSketches()))
                .collectList()
                .flatMap(groups -> groups.isEmpty()
                        ? Mono.empty()
                        : Flux.concat(
                                        rollup.keepsSketches()
                                                ? PostgresDatabase.write(
                                                        connection,
                                                        PartialRows.insert(
                                                                PartialRows.Kind.SKETCHES,
                                                                rollupId,
                                                                project,
                                                                groups.stream()
                                                                        .map(Groups::sketches)
                                                                        .toList()))
                                                : Mono.<Long>empty(),
                                        PostgresDatabase.write(
                                                connection,
                                                PartialRows.insert(
                                                        PartialRows.Kind.MEMBERS,
                                                        rollupId,
                                                        project,
                                                        groups.stream()
                                                                .map(Groups::members)
                                                                .toList())))
                                .then());
    }

    /** One key's partial rows of both kinds (sketches only where the rollup keeps them). */
    private record Groups(PartialRows.@Nullable Group sketch, PartialRows.Group members) {

        PartialRows.Group sketches() {
            return java.util.Objects.requireNonNull(sketch, "sketches");
        }
    }

    private static Groups read(Readable row, boolean sketches) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < PartialRows.KEY_COLUMNS.size(); i++) {
            keys.add(row.get(i + 1, String.class));
        }
        int next = PartialRows.KEY_COLUMNS.size() + 1;
        OffsetDateTime bucket = Objects.requireNonNull(row.get(0, OffsetDateTime.class));
        PartialRows.Group sketch = sketches
                ? new PartialRows.Group(
                        bucket,
                        keys,
                        DistinctSketches.of(row.get(next, String[].class)),
                        DistinctSketches.of(row.get(next + 1, String[].class)))
                : null;
        PartialRows.Group members = new PartialRows.Group(
                bucket, keys, MemberSets.of(numbers(row, next + 2)), MemberSets.of(numbers(row, next + 3)));
        return new Groups(sketch, members);
    }

    private static Integer[] numbers(Readable row, int column) {
        Integer[] numbers = row.get(column, Integer[].class);
        return numbers == null ? new Integer[0] : numbers;
    }
}
