package io.eventlens.postgres;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.EventColumn;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * The append-only rows that keep a rollup row's distinct users and sessions: HLL sketches for approximate reports and
 * exact member sets. Each seal, backfill slice or late write adds a partial row per key it touches; queries merge a
 * key's rows (both kinds merge by a union, which forgives overlap) and {@link PartialRowCompaction} later replaces
 * them with one.
 */
final class PartialRows {

    /** The key columns a partial row has: a rollup keeping them never keeps user or session ids. */
    static final List<EventColumn> KEY_COLUMNS = RollupStatements.KEY_COLUMNS.stream()
            .filter(c -> c != EventColumn.USER_ID && c != EventColumn.SESSION_ID).toList();

    /** What a partial row keeps, its table and how two of a key merge. */
    enum Kind {
        SKETCHES("rollup_sketches", DistinctSketches::merge),
        MEMBERS("rollup_members", MemberSets::union);

        private final String table;
        private final Function<List<byte[]>, byte[]> merge;

        Kind(String table, Function<List<byte[]>, byte[]> merge) {
            this.table = table;
            this.merge = merge;
        }

        String table() {
            return table;
        }

        byte[] merge(List<byte[]> partials) {
            return merge.apply(partials);
        }
    }

    /** One key's users and sessions, serialized as the kind keeps them. */
    record Group(OffsetDateTime bucket, List<String> keys, byte[] users, byte[] sessions) {
    }

    private PartialRows() {
    }

    /** Appends rows for the groups with one array per column and {@code unnest}. */
    static SqlStatement insert(Kind kind, int rollupId, ProjectId project, List<Group> groups) {
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
        // Serialized sets travel as base64 text: plain text arrays bind the same way on every driver version.
        java.util.Base64.Encoder base64 = java.util.Base64.getEncoder();
        bindings.add(groups.stream().map(g -> base64.encodeToString(g.users())).toArray(String[]::new));
        String users = "$" + bindings.size() + "::text[]";
        bindings.add(groups.stream().map(g -> base64.encodeToString(g.sessions())).toArray(String[]::new));
        String sessions = "$" + bindings.size() + "::text[]";
        StringJoiner names = new StringJoiner(", ");
        KEY_COLUMNS.forEach(c -> names.add("k_" + EventColumns.column(c).substring(2)));
        return new SqlStatement("INSERT INTO " + kind.table() + " (rollup_id, project_id, bucket, " + columns
                + ", users, sessions) SELECT $1::int, $2::text, t.bucket, " + names
                + ", decode(t.users, 'base64'), decode(t.sessions, 'base64') FROM unnest($3::timestamptz[], " + arrays
                + ", " + users + ", " + sessions + ") AS t(bucket, " + names + ", users, sessions)", bindings);
    }
}
