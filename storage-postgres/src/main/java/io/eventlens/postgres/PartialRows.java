package io.eventlens.postgres;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.rollup.Rollup;
import io.eventlens.sql.EventSql;
import java.time.OffsetDateTime;
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
    static final List<EventColumn> KEY_COLUMNS = Rollup.KEY_COLUMNS.stream()
            .filter(c -> c != EventColumn.USER_ID && c != EventColumn.SESSION_ID)
            .toList();

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
    record Group(OffsetDateTime bucket, List<String> keys, byte[] users, byte[] sessions) {}

    private PartialRows() {}

    /** Appends rows for the groups by one binary COPY. */
    static CopyRows insert(Kind kind, int rollupId, ProjectId project, List<Group> groups) {
        StringJoiner columns = new StringJoiner(", ");
        KEY_COLUMNS.forEach(c -> columns.add(EventSql.column(c).substring(2)));
        CopyRows.Builder rows = new CopyRows.Builder(groups.size() * 160);
        for (Group group : groups) {
            rows.row(5 + KEY_COLUMNS.size())
                    .int4(rollupId)
                    .text(project.value())
                    .timestamptz(group.bucket().toInstant());
            group.keys().forEach(rows::text);
            rows.bytes(group.users()).bytes(group.sessions());
        }
        return rows.rows("COPY " + kind.table() + " (rollup_id, project_id, bucket, " + columns
                + ", users, sessions) FROM STDIN (FORMAT binary)");
    }
}
