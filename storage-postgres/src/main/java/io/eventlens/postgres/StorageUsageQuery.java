package io.eventlens.postgres;

import io.eventlens.core.ProjectId;
import io.eventlens.core.storage.StorageUsage;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Counts a project's rows exactly and estimates its bytes as its share of each table's total size: tables are
 * shared by all projects, so no per-project size exists to read.
 */
final class StorageUsageQuery {

    private static final String SQL = """
            WITH sizes AS (
                SELECT sum(pg_total_relation_size(c.oid))::float8 AS bytes, greatest(1, sum(c.reltuples))::float8 AS rows
                FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
                WHERE p.relname = 'events'
            ), rollup_sizes AS (
                SELECT (pg_total_relation_size('rollup_rows') + pg_total_relation_size('rollup_sketches'))::float8
                           AS bytes,
                       greatest(1, (SELECT reltuples FROM pg_class WHERE relname = 'rollup_rows')
                                 + (SELECT reltuples FROM pg_class WHERE relname = 'rollup_sketches'))::float8 AS rows
            ), mine AS (
                SELECT (SELECT count(*) FROM events WHERE project_id = $1) AS events,
                       (SELECT count(*) FROM rollup_rows WHERE project_id = $1)
                     + (SELECT count(*) FROM rollup_sketches WHERE project_id = $1) AS rollup_rows
            )
            SELECT m.events, round(m.events * s.bytes / s.rows)::bigint, m.rollup_rows,
                   round(m.rollup_rows * r.bytes / r.rows)::bigint
            FROM mine m, sizes s, rollup_sizes r""";

    private final PostgresDatabase database;

    StorageUsageQuery(PostgresDatabase database) {
        this.database = database;
    }

    Mono<StorageUsage> usage(ProjectId project) {
        return database.query(
                        new SqlStatement(SQL, List.of(project.value())),
                        row -> new StorageUsage(
                                number(row.get(0)), number(row.get(1)), number(row.get(2)), number(row.get(3))))
                .single();
    }

    private static long number(@Nullable Object value) {
        return value == null ? 0 : ((Number) Objects.requireNonNull(value)).longValue();
    }
}
