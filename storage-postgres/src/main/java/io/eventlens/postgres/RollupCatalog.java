package io.eventlens.postgres;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.rollup.Rollup;
import io.eventlens.core.rollup.RollupCoverage;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/** Reads rollup definitions and what each holds for a project. */
final class RollupCatalog {

    /** A rollup as stored: its row id, whether it is built in, and its coverage for one project (if it has any). */
    record StoredRollup(
            int id,
            Rollup rollup,
            boolean builtIn,
            @Nullable RollupCoverage coverage) {}

    private static final String SELECT = """
            SELECT r.id, r.name, r.grain_seconds, r.columns, r.project_id IS NULL AS built_in,
                   c.project_id IS NOT NULL AS covered, c.covered_from, w.watermark, w.generation
            FROM rollups r
            LEFT JOIN rollup_coverage c ON c.rollup_id = r.id AND c.project_id = $1
            LEFT JOIN rollup_watermarks w ON w.project_id = $1
            WHERE r.project_id IS NULL OR r.project_id = $1
            ORDER BY r.project_id NULLS FIRST, r.id""";

    private final PostgresDatabase database;

    RollupCatalog(PostgresDatabase database) {
        this.database = database;
    }

    Mono<List<StoredRollup>> rollups(ProjectId project) {
        return database.query(new SqlStatement(SELECT, List.of(project.value())), RollupCatalog::read)
                .collectList();
    }

    /** The same, on a connection inside the caller's transaction (after it took the project's lock). */
    static Mono<List<StoredRollup>> rollups(io.r2dbc.spi.Connection connection, ProjectId project) {
        return PostgresDatabase.query(
                        connection, new SqlStatement(SELECT, List.of(project.value())), RollupCatalog::read)
                .collectList();
    }

    /**
     * What the planner may use: the rollups with coverage, and the project's generation of rollup removals, which
     * statements planned on this view check ({@code rollup_plan_holds}).
     */
    Mono<PlanningView> planning(ProjectId project) {
        return database.query(
                        new SqlStatement(SELECT, List.of(project.value())),
                        row -> java.util.Map.entry(read(row), generation(row)))
                .collectList()
                .map(rows -> new PlanningView(
                        rows.stream()
                                .map(java.util.Map.Entry::getKey)
                                .filter(r -> r.coverage() != null)
                                .toList(),
                        rows.isEmpty() ? 0 : rows.getFirst().getValue()));
    }

    /** A project's rollups as a report plans with them. */
    record PlanningView(List<StoredRollup> covered, long generation) {}

    private static long generation(Readable row) {
        Long generation = row.get("generation", Long.class);
        return generation == null ? 0 : generation;
    }

    private static StoredRollup read(Readable row) {
        Rollup rollup = new Rollup(
                Objects.requireNonNull(row.get("name", String.class)),
                Duration.ofSeconds(Objects.requireNonNull(row.get("grain_seconds", Integer.class))),
                columns(Objects.requireNonNull(row.get("columns", String[].class))));
        boolean covered = Boolean.TRUE.equals(row.get("covered", Boolean.class));
        OffsetDateTime watermark = row.get("watermark", OffsetDateTime.class);
        // Every row of a rollup that keeps member sets has them: the sets are written with the counts, always.
        RollupCoverage coverage = covered && watermark != null
                ? new RollupCoverage(
                        rollup,
                        instant(row.get("covered_from", OffsetDateTime.class)),
                        watermark.toInstant(),
                        rollup.keepsMembers())
                : null;
        return new StoredRollup(
                Objects.requireNonNull(row.get("id", Integer.class)),
                rollup,
                Boolean.TRUE.equals(row.get("built_in", Boolean.class)),
                coverage);
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    static EnumSet<EventColumn> columns(String[] names) {
        EnumSet<EventColumn> columns = EnumSet.noneOf(EventColumn.class);
        Arrays.stream(names)
                .forEach(name -> columns.add(EventColumn.byPublicName(name)
                        .orElseThrow(() -> new IllegalStateException("unknown column in a stored rollup: " + name))));
        return columns;
    }

    static String[] names(Rollup rollup) {
        return rollup.orderedColumns().stream().map(EventColumn::publicName).toArray(String[]::new);
    }
}
