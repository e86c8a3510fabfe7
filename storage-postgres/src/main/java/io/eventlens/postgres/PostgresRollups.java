package io.eventlens.postgres;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.rollup.Rollup;
import io.eventlens.core.rollup.RollupAdmin;
import io.eventlens.core.rollup.RollupCoverage;
import io.eventlens.core.rollup.RollupStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link RollupAdmin} on PostgreSQL: definitions in {@code rollups}, rows in {@code rollup_rows}. */
final class PostgresRollups implements RollupAdmin {

    /**
     * The built-in rollups here: the core's, and events by type per minute. A report reads the events from its start
     * to the first boundary of its finest rollup raw, and here they lie in the heap in arrival order, not by time: at
     * 10M events, 13 minutes of head were 3,664 events on 3,251 pages, half of a week-long report's execution time
     * (auto_explain). A minute holds that to a few hundred. ClickHouse reads a head from parts sorted by time and
     * keeps no member sets; it keeps the core's list only.
     */
    static final List<Rollup> BUILT_IN = Stream.concat(
                    Rollup.DEFAULTS.stream(),
                    Stream.of(new Rollup("type_1m", Duration.ofMinutes(1), EnumSet.of(EventColumn.TYPE))))
            .toList();

    private final PostgresDatabase database;
    private final RollupCatalog catalog;
    private final RollupSealer sealer;
    private final java.util.function.Consumer<ProjectId> removed;

    /** @param removed told after a rollup of the project was removed */
    PostgresRollups(PostgresDatabase database, RollupSealer sealer, java.util.function.Consumer<ProjectId> removed) {
        this.database = database;
        this.catalog = new RollupCatalog(database);
        this.sealer = sealer;
        this.removed = removed;
    }

    RollupSealer sealer() {
        return sealer;
    }

    PartialRowCompaction compaction() {
        return new PartialRowCompaction(database);
    }

    RollupIndexRebuild indexRebuild() {
        return new RollupIndexRebuild(database, RollupIndexRebuild.MIN_DELETED);
    }

    /** Writes the built-in definitions; existing ones are kept as they are. */
    Mono<Void> installDefaults() {
        return Flux.fromIterable(BUILT_IN)
                .concatMap(rollup -> database.query(
                        new SqlStatement(
                                "INSERT INTO rollups (project_id, name, "
                                        + "grain_seconds, columns) VALUES (NULL, $1, $2, $3) ON CONFLICT ON CONSTRAINT rollups_name "
                                        + "DO NOTHING RETURNING id",
                                List.of(rollup.name(), (int) rollup.grainSeconds(), RollupCatalog.names(rollup))),
                        row -> 1))
                .then();
    }

    @Override
    public Mono<List<RollupStatus>> list(ProjectId project) {
        return Mono.zip(catalog.rollups(project), rowCounts(project), firstEvent(project), tableBytesPerRow())
                .map(all -> all.getT1().stream()
                        .map(stored -> {
                            long rows = all.getT2().getOrDefault(stored.id(), 0L);
                            return new RollupStatus(
                                    stored.rollup(),
                                    state(stored.coverage()),
                                    progress(stored.coverage(), all.getT3().orElse(null)),
                                    rows,
                                    Math.round(rows * all.getT4()),
                                    stored.builtIn());
                        })
                        .toList());
    }

    @Override
    public Mono<RollupStatus> define(ProjectId project, Rollup rollup) {
        if (BUILT_IN.stream().anyMatch(d -> d.name().equals(rollup.name()))) {
            return Mono.error(new IllegalArgumentException("'" + rollup.name() + "' is a built-in rollup's name"));
        }
        return database.queryFirst(
                        new SqlStatement(
                                "INSERT INTO rollups (project_id, name, grain_seconds, columns) "
                                        + "VALUES ($1, $2, $3, $4) ON CONFLICT ON CONSTRAINT rollups_name DO NOTHING RETURNING id",
                                List.of(
                                        project.value(),
                                        rollup.name(),
                                        (int) rollup.grainSeconds(),
                                        RollupCatalog.names(rollup))),
                        row -> 1)
                .switchIfEmpty(Mono.error(
                        new IllegalArgumentException("the project already has a rollup named '" + rollup.name() + "'")))
                .thenReturn(new RollupStatus(rollup, RollupStatus.State.BACKFILLING, 0, 0, 0, false));
    }

    /**
     * The rows go with the definition, under the project's lock, so no writer adds to a rollup being dropped; the
     * project's generation moves on, so reports planned with the rollup plan again.
     */
    @Override
    public Mono<Boolean> remove(ProjectId project, String name) {
        return database.inTransaction(connection -> PostgresDatabase.query(
                                connection, RollupStatements.lockExclusive(project), row -> 1)
                        .then(PostgresDatabase.query(
                                        connection,
                                        new SqlStatement(
                                                "DELETE FROM rollups WHERE project_id = $1 "
                                                        + "AND name = $2 RETURNING id",
                                                List.of(project.value(), name)),
                                        row -> Objects.requireNonNull(row.get(0, Integer.class)))
                                .next())
                        .flatMap(id -> PostgresDatabase.update(
                                        connection,
                                        new SqlStatement("DELETE FROM rollup_rows WHERE rollup_id = $1", List.of(id)))
                                .then(PostgresDatabase.update(
                                        connection,
                                        new SqlStatement(
                                                "DELETE FROM rollup_sketches WHERE rollup_id = $1", List.of(id))))
                                .then(PostgresDatabase.update(
                                        connection,
                                        new SqlStatement(
                                                "DELETE FROM rollup_members WHERE rollup_id = $1", List.of(id))))
                                // Plans made before now read the removed rows: their statements must fail and plan
                                // again.
                                .then(PostgresDatabase.update(
                                        connection,
                                        new SqlStatement(
                                                "UPDATE rollup_watermarks "
                                                        + "SET generation = generation + 1 WHERE project_id = $1",
                                                List.of(project.value()))))
                                .thenReturn(true))
                        .defaultIfEmpty(false))
                .doOnSuccess(done -> removed.accept(project));
    }

    @Override
    public Mono<Void> refresh(ProjectId project) {
        return sealer.register(project)
                .then(sealer.seal(project))
                .then(sealer.backfillStep(project)
                        .repeat()
                        .takeUntil(more -> !more)
                        .then())
                .then(compaction().compact(project, Integer.MAX_VALUE).then());
    }

    private Mono<Map<Integer, Long>> rowCounts(ProjectId project) {
        return database.query(
                        new SqlStatement(
                                "SELECT rollup_id, count(*) FROM rollup_rows WHERE project_id = $1 "
                                        + "GROUP BY rollup_id",
                                List.of(project.value())),
                        row -> Map.entry(
                                Objects.requireNonNull(row.get(0, Integer.class)),
                                Objects.requireNonNull(row.get(1, Long.class))))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private Mono<java.util.Optional<Instant>> firstEvent(ProjectId project) {
        return database.query(
                        new SqlStatement("SELECT min(ts) FROM events WHERE project_id = $1", List.of(project.value())),
                        row -> java.util.Optional.ofNullable(row.get(0, OffsetDateTime.class))
                                .map(OffsetDateTime::toInstant))
                .single();
    }

    /** Bytes per row of the rollup table, indexes included, from the planner's statistics. */
    private Mono<Double> tableBytesPerRow() {
        return database.query(
                        new SqlStatement(
                                "SELECT pg_total_relation_size('rollup_rows')::float8 "
                                        + "/ greatest(1, reltuples)::float8 FROM pg_class WHERE relname = 'rollup_rows'",
                                List.of()),
                        row -> Objects.requireNonNull(row.get(0, Double.class)))
                .single();
    }

    private static RollupStatus.State state(@org.jspecify.annotations.Nullable RollupCoverage coverage) {
        return coverage != null && coverage.coveredFrom() == null
                ? RollupStatus.State.READY
                : RollupStatus.State.BACKFILLING;
    }

    private static double progress(
            @org.jspecify.annotations.Nullable RollupCoverage coverage,
            @org.jspecify.annotations.Nullable Instant firstEvent) {
        if (coverage == null) {
            return 0;
        }
        if (coverage.coveredFrom() == null || firstEvent == null) {
            return 1;
        }
        double whole = coverage.watermark().toEpochMilli() - firstEvent.toEpochMilli();
        double held =
                coverage.watermark().toEpochMilli() - coverage.coveredFrom().toEpochMilli();
        return whole <= 0 ? 1 : Math.max(0, Math.min(1, held / whole));
    }
}
