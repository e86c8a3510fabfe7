package io.eventlens.postgres;

import io.eventlens.core.ProjectId;
import io.eventlens.core.rollup.RollupCoverage;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Moves what rollups hold, one transaction per step under the project's exclusive lock, so no write is half-seen:
 * sealing adds the events between the watermark and now to every rollup and advances the watermark; backfilling
 * adds a slice of history below a rollup's {@code covered_from} and lowers it. Both are crash-safe because each
 * step's rows and its new bounds commit together.
 */
final class RollupSealer {

    /**
     * History is added in slices aligned to their length, each under the lock that holds writers of the project
     * back: the slice adapts so a step takes about {@link #STEP_TARGET}, short on dense data, long on sparse data.
     */
    static final List<Duration> SLICES = List.of(
            Duration.ofMinutes(15),
            Duration.ofMinutes(30),
            Duration.ofHours(1),
            Duration.ofHours(3),
            Duration.ofHours(6),
            Duration.ofHours(12),
            Duration.ofDays(1));

    static final Duration STEP_TARGET = Duration.ofMillis(250);

    private volatile int slice = 4;
    private final LongAdder slicesAdded = new LongAdder();

    private final PostgresDatabase database;
    private final java.util.function.Consumer<ProjectId> sealed;
    private final SealTrail trail = new SealTrail();

    RollupSealer(PostgresDatabase database) {
        this(database, project -> {});
    }

    /** @param sealed told after a seal committed a new watermark for the project */
    RollupSealer(PostgresDatabase database, java.util.function.Consumer<ProjectId> sealed) {
        this.database = database;
        this.sealed = sealed;
    }

    /** How far behind the clock background seals stop, learnt from this instance's writes. */
    SealTrail trail() {
        return trail;
    }

    /** Registers a project so its rollups are kept; its history then fills in like any rollup's backfill. */
    Mono<Void> register(ProjectId project) {
        return database.query(
                        new SqlStatement(
                                "INSERT INTO rollup_watermarks (project_id, watermark) "
                                        + "VALUES ($1, now()) ON CONFLICT DO NOTHING RETURNING project_id",
                                List.of(project.value())),
                        row -> 1)
                .then();
    }

    Flux<ProjectId> projects() {
        return database.query(
                new SqlStatement("SELECT project_id FROM rollup_watermarks", List.of()),
                row -> new ProjectId(Objects.requireNonNull(row.get(0, String.class))));
    }

    /** Seals every event committed and stamped before now into the project's rollups. */
    Mono<Void> seal(ProjectId project) {
        return seal(project, Duration.ZERO);
    }

    /**
     * Seals the events stamped before {@code now - trail}; later ones stay in the raw tail until a later seal.
     *
     * <p>Writers wait while a seal holds the project's lock, so the lock is held for as little as possible: the slice
     * is read and aggregated before ({@link PreparedSeal}) and its rows written before the lock is taken, in the
     * same transaction (readers see them together with the new watermark, at commit). Under the lock the seal only
     * checks that the slice and the rollups are still the ones prepared and moves the watermark. If not, or if the
     * lock does not come within {@link #LOCK_WAIT} (a late writer may be waiting on a row this seal wrote), the
     * transaction rolls back and the seal aggregates in SQL under the lock, as a seal that fell behind does.
     */
    Mono<Void> seal(ProjectId project, Duration trail) {
        Instant now = Instant.now().minus(trail).truncatedTo(ChronoUnit.MICROS);
        return PreparedSeal.prepare(database, project, now)
                .flatMap(prepared -> sealPrepared(project, now, prepared))
                .defaultIfEmpty(false)
                .flatMap(done -> done ? Mono.<Void>empty() : sealInSql(project, now))
                .doOnSuccess(done -> sealed.accept(project));
    }

    /** How long a seal with its rows written waits for the lock before it gives up and seals in SQL instead. */
    static final Duration LOCK_WAIT = Duration.ofMillis(200);

    /** Seals with the prepared rows; false (having changed nothing) when the SQL seal must do it instead. */
    Mono<Boolean> sealPrepared(ProjectId project, Instant now, PreparedSeal prepared) {
        return database.inTransaction(connection -> RollupCatalog.rollups(connection, project)
                        .flatMap(rollups -> {
                            List<RollupCatalog.StoredRollup> covered = rollups.stream()
                                    .filter(stored -> stored.coverage() != null)
                                    .toList();
                            if (covered.size() != rollups.size()
                                    || covered.stream().anyMatch(stored -> prepared.statements(stored) == null)) {
                                return Mono.just(false); // a new rollup: its coverage starts under the lock, in SQL
                            }
                            return Flux.fromIterable(covered)
                                    .concatMap(stored -> Flux.fromIterable(
                                                    Objects.requireNonNull(prepared.statements(stored)))
                                            .concatMap(statement -> PostgresDatabase.write(connection, statement)))
                                    .then(PostgresDatabase.query(
                                                    connection,
                                                    new SqlStatement(
                                                            "SELECT set_config('lock_timeout', $1, true)",
                                                            List.of(LOCK_WAIT.toMillis() + "ms")),
                                                    row -> 1)
                                            .then())
                                    .then(lock(connection, project))
                                    .then(watermark(connection, project))
                                    .flatMap(watermark -> prepared.stillCurrent(connection, project, watermark))
                                    .zipWith(
                                            RollupCatalog.rollups(connection, project),
                                            (current, locked) -> current
                                                    && locked.stream()
                                                            .map(RollupCatalog.StoredRollup::id)
                                                            .toList()
                                                            .equals(rollups.stream()
                                                                    .map(RollupCatalog.StoredRollup::id)
                                                                    .toList()))
                                    .flatMap(current -> current
                                            ? moveWatermark(connection, project, now)
                                                    .thenReturn(true)
                                            // Rolls the rows written above back: the SQL seal then does it all.
                                            : Mono.error(new IllegalStateException(
                                                    "the slice changed while it was sealed")));
                        }))
                .onErrorResume(raced -> Mono.just(false));
    }

    /** Aggregates the slice in SQL under the lock: for new rollups, large slices and raced preparations. */
    private Mono<Void> sealInSql(ProjectId project, Instant now) {
        return database.inTransaction(connection -> lock(connection, project)
                        .then(watermark(connection, project))
                        .flatMap(watermark -> !now.isAfter(watermark)
                                ? Mono.just(0L)
                                : PostgresDatabase.update(connection, startCoverage(project, watermark))
                                        .then(RollupCatalog.rollups(connection, project))
                                        .flatMapMany(Flux::fromIterable)
                                        .filter(stored -> stored.coverage() != null)
                                        .concatMap(stored -> PostgresDatabase.update(
                                                        connection,
                                                        RollupStatements.add(
                                                                stored.id(),
                                                                stored.rollup(),
                                                                project,
                                                                watermark,
                                                                now,
                                                                List.of()))
                                                .then(RollupDistincts.add(
                                                        connection,
                                                        stored.id(),
                                                        stored.rollup(),
                                                        project,
                                                        watermark,
                                                        now,
                                                        List.of())))
                                        .then(moveWatermark(connection, project, now))))
                .then();
    }

    private static Mono<Long> moveWatermark(Connection connection, ProjectId project, Instant to) {
        return PostgresDatabase.update(
                connection,
                new SqlStatement(
                        "UPDATE rollup_watermarks SET watermark = $2 WHERE project_id = $1",
                        List.of(project.value(), OffsetDateTime.ofInstant(to, java.time.ZoneOffset.UTC))));
    }

    /**
     * Adds one slice of history to the rollups whose coverage starts latest; answers whether history is left. A
     * rollup with no events below its coverage holds everything: {@code covered_from} becomes NULL.
     */
    Mono<Boolean> backfillStep(ProjectId project) {
        return Mono.defer(() -> {
            AtomicBoolean filled = new AtomicBoolean();
            return backfillStep(project, filled).doOnSuccess(more -> {
                if (filled.get()) {
                    slicesAdded.increment(); // committed
                }
            });
        });
    }

    /** Slices of history added to rollups by this instance since it started. */
    long slicesAdded() {
        return slicesAdded.sum();
    }

    private Mono<Boolean> backfillStep(ProjectId project, AtomicBoolean filled) {
        return database.inTransaction(connection -> lock(connection, project)
                .then(RollupCatalog.rollups(connection, project))
                .flatMap(all -> {
                    List<RollupCatalog.StoredRollup> pending = all.stream()
                            .filter(r -> r.coverage() != null && r.coverage().coveredFrom() != null)
                            .toList();
                    if (pending.isEmpty()) {
                        return Mono.just(false);
                    }
                    Instant end = pending.stream()
                            .map(r -> coveredFrom(r.coverage()))
                            .max(Instant::compareTo)
                            .orElseThrow();
                    List<RollupCatalog.StoredRollup> slice = pending.stream()
                            .filter(r -> coveredFrom(r.coverage()).equals(end))
                            .toList();
                    return latestBefore(connection, project, end)
                            .flatMap(latest -> latest.isEmpty()
                                    ? complete(connection, project, slice).thenReturn(pending.size() > slice.size())
                                    : timed(fill(connection, project, slice, floor(latest.get()), end))
                                            .doOnSuccess(done -> filled.set(true))
                                            .thenReturn(true));
                }));
    }

    private static Mono<Void> fill(
            Connection connection,
            ProjectId project,
            List<RollupCatalog.StoredRollup> slice,
            Instant from,
            Instant to) {
        return Flux.fromIterable(slice)
                .concatMap(stored -> PostgresDatabase.update(
                                connection,
                                RollupStatements.add(stored.id(), stored.rollup(), project, from, to, List.of()))
                        .then(RollupDistincts.add(
                                connection, stored.id(), stored.rollup(), project, from, to, List.of()))
                        .then(PostgresDatabase.update(
                                connection,
                                new SqlStatement(
                                        "UPDATE rollup_coverage SET "
                                                + "covered_from = $3 WHERE rollup_id = $1 AND project_id = $2",
                                        List.of(
                                                stored.id(),
                                                project.value(),
                                                OffsetDateTime.ofInstant(from, java.time.ZoneOffset.UTC))))))
                .then();
    }

    private static Mono<Void> complete(
            Connection connection, ProjectId project, List<RollupCatalog.StoredRollup> slice) {
        Integer[] ids = slice.stream().map(RollupCatalog.StoredRollup::id).toArray(Integer[]::new);
        return PostgresDatabase.update(
                        connection,
                        new SqlStatement(
                                "UPDATE rollup_coverage SET covered_from = NULL "
                                        + "WHERE project_id = $1 AND rollup_id = ANY($2)",
                                List.of(project.value(), ids)))
                .then();
    }

    private static Mono<java.util.Optional<Instant>> latestBefore(
            Connection connection, ProjectId project, Instant end) {
        return PostgresDatabase.query(
                        connection,
                        new SqlStatement(
                                "SELECT max(ts) FROM events WHERE project_id = $1 AND ts < $2",
                                List.of(project.value(), OffsetDateTime.ofInstant(end, java.time.ZoneOffset.UTC))),
                        row -> java.util.Optional.ofNullable(row.get(0, OffsetDateTime.class))
                                .map(OffsetDateTime::toInstant))
                .single();
    }

    /** New rollups (and a project's first seal) start out holding nothing: from the current watermark on. */
    private static SqlStatement startCoverage(ProjectId project, Instant watermark) {
        return new SqlStatement(
                "INSERT INTO rollup_coverage (rollup_id, project_id, covered_from) "
                        + "SELECT id, $1, $2 FROM rollups WHERE project_id IS NULL OR project_id = $1 ON CONFLICT DO NOTHING",
                List.of(project.value(), OffsetDateTime.ofInstant(watermark, java.time.ZoneOffset.UTC)));
    }

    private static Mono<Instant> watermark(Connection connection, ProjectId project) {
        return PostgresDatabase.query(
                        connection,
                        new SqlStatement(
                                "SELECT watermark FROM rollup_watermarks WHERE project_id = $1",
                                List.of(project.value())),
                        row -> Objects.requireNonNull(row.get(0, OffsetDateTime.class))
                                .toInstant())
                .next();
    }

    private static Mono<Void> lock(Connection connection, ProjectId project) {
        return PostgresDatabase.query(connection, RollupStatements.lockExclusive(project), row -> 1)
                .then();
    }

    /** Where a pending rollup's coverage starts (pending: it has a coverage with a start). */
    private static Instant coveredFrom(@Nullable RollupCoverage coverage) {
        return Objects.requireNonNull(Objects.requireNonNull(coverage).coveredFrom());
    }

    /** Halves the next slice after a slow step, doubles it after a quick one. */
    private Mono<Void> timed(Mono<Void> step) {
        return Mono.defer(() -> {
            long started = System.nanoTime();
            return step.doOnSuccess(done -> {
                long took = System.nanoTime() - started;
                if (took > STEP_TARGET.toNanos() * 2 && slice > 0) {
                    slice--;
                } else if (took < STEP_TARGET.toNanos() / 2 && slice < SLICES.size() - 1) {
                    slice++;
                }
            });
        });
    }

    private Instant floor(Instant instant) {
        long slice = SLICES.get(this.slice).toSeconds();
        long seconds = instant.getEpochSecond();
        return Instant.ofEpochSecond(seconds - Math.floorMod(seconds, slice));
    }
}
