package io.eventlens.postgres;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.rollup.Rollup;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * Keeps a rollup's distinct-count sketches beside its counts, in the same transaction: the database groups the
 * slice's events and lists each group's distinct users and sessions, the sketches are built here and appended as one
 * row per group. Compaction later merges a key's rows into one.
 */
final class RollupSketches {

    /** The key columns a sketch row has: a sketch-keeping rollup never keeps user or session ids. */
    static final List<EventColumn> KEY_COLUMNS = RollupStatements.KEY_COLUMNS.stream()
            .filter(c -> c != EventColumn.USER_ID && c != EventColumn.SESSION_ID).toList();

    private RollupSketches() {
    }

    /** Appends sketches of the project's events with {@code from <= ts < to} (and, when given, only those ids). */
    static Mono<Void> add(Connection connection, int rollupId, Rollup rollup, ProjectId project, Instant from,
            Instant to, List<UUID> onlyIds) {
        if (!rollup.keepsSketches()) {
            return Mono.empty();
        }
        SqlParameters p = new SqlParameters();
        String grain = p.integer((int) rollup.grainSeconds());
        StringJoiner values = new StringJoiner(", ");
        StringJoiner groupBy = new StringJoiner(", ");
        for (EventColumn column : KEY_COLUMNS) {
            String name = EventColumns.column(column);
            if (rollup.columns().contains(column)) {
                values.add(name);
                groupBy.add(name);
            } else {
                values.add("NULL::text");
            }
        }
        String sql = "SELECT date_bin(make_interval(secs => " + grain + "), e.ts, timestamptz '1970-01-01 00:00:00+00'), "
                + values + ", array_agg(DISTINCT e.user_id) FILTER (WHERE e.user_id IS NOT NULL), "
                + "array_agg(DISTINCT e.session_id) FILTER (WHERE e.session_id IS NOT NULL) FROM events e WHERE "
                + "e.project_id = " + p.text(project.value()) + " AND e.ts >= " + p.timestamp(from) + " AND e.ts < "
                + p.timestamp(to)
                + (onlyIds.isEmpty() ? "" : " AND e.id = ANY(" + p.textArray(onlyIds.stream().map(UUID::toString)
                        .toList()) + "::uuid[])")
                + " GROUP BY 1" + (groupBy.length() == 0 ? "" : ", " + groupBy);
        return PostgresDatabase.query(connection, p.statement(sql), RollupSketches::group)
                .collectList()
                .flatMap(groups -> groups.isEmpty() ? Mono.empty()
                        : PostgresDatabase.update(connection, insert(rollupId, project, groups)).then());
    }

    /** One group's key and sketches. */
    record Group(OffsetDateTime bucket, List<String> keys, byte[] users, byte[] sessions) {
    }

    private static Group group(Readable row) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < KEY_COLUMNS.size(); i++) {
            keys.add(row.get(i + 1, String.class));
        }
        int next = KEY_COLUMNS.size() + 1;
        return new Group(row.get(0, OffsetDateTime.class), keys,
                DistinctSketches.of(row.get(next, String[].class)),
                DistinctSketches.of(row.get(next + 1, String[].class)));
    }

    /** Appends rows for the groups with one array per column and {@code unnest}. */
    static SqlStatement insert(int rollupId, ProjectId project, List<Group> groups) {
        List<Object> bindings = new ArrayList<>();
        bindings.add(rollupId);
        bindings.add(project.value());
        bindings.add(groups.stream().map(g -> g.bucket().toInstant().toString()).toArray(String[]::new));
        StringJoiner columns = new StringJoiner(", ");
        StringJoiner arrays = new StringJoiner(", ");
        for (int i = 0; i < KEY_COLUMNS.size(); i++) {
            int column = i;
            columns.add(EventColumns.column(KEY_COLUMNS.get(i)).substring(2));
            bindings.add(groups.stream().map(g -> g.keys().get(column)).toArray(String[]::new));
            arrays.add("$" + bindings.size() + "::text[]");
        }
        // Sketches travel as base64 text: plain text arrays bind the same way on every driver version.
        java.util.Base64.Encoder base64 = java.util.Base64.getEncoder();
        bindings.add(groups.stream().map(g -> base64.encodeToString(g.users())).toArray(String[]::new));
        String users = "$" + bindings.size() + "::text[]";
        bindings.add(groups.stream().map(g -> base64.encodeToString(g.sessions())).toArray(String[]::new));
        String sessions = "$" + bindings.size() + "::text[]";
        StringJoiner names = new StringJoiner(", ");
        KEY_COLUMNS.forEach(c -> names.add("k_" + EventColumns.column(c).substring(2)));
        return new SqlStatement("INSERT INTO rollup_sketches (rollup_id, project_id, bucket, " + columns
                + ", users, sessions) SELECT $1::int, $2::text, t.bucket, " + names.toString()
                + ", decode(t.users, 'base64'), decode(t.sessions, 'base64') FROM unnest($3::timestamptz[], " + arrays
                + ", " + users + ", " + sessions + ") AS t(bucket, " + names + ", users, sessions)", bindings);
    }
}
