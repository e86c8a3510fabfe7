package io.eventlens.postgres;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.promotion.PromotedProperty;
import io.eventlens.core.promotion.PropertyPromotions;
import io.eventlens.core.promotion.PropertyType;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link PropertyPromotions} on PostgreSQL. Promoting adds a nullable column {@code promoted_<id>} to {@code events}
 * (no table rewrite) in the transaction that regenerates the {@code BEFORE INSERT} trigger filling it for new
 * events ({@code eventlens_promoted_sync()}, V12): every ingest path, every instance, fills it from the commit on,
 * with PostgreSQL's own {@code ->>} (so exactly the text reports read from the JSON). {@link PromotionBackfill}
 * fills older events; once it is through, the promotion is READY, reports read the column, and
 * {@link PromotionIndexes} indexes it without blocking ingest. Demoting turns reads
 * back to the JSON first; the column is dropped a grace period later, when every instance has seen it.
 *
 * <p>Promotions, backfill steps and drops take {@code promoted_properties}' lock before the events table's, always
 * in that order, so they cannot deadlock each other; the DDL waits at most {@link #LOCK_TIMEOUT} for reads and
 * writes in flight (writers queue behind it meanwhile) and fails rather than stall ingest longer.
 */
final class PostgresPromotions implements PropertyPromotions {

    /** Promotions per project; each is a column of the shared events table. */
    static final int MAX_PER_PROJECT = 20;
    /** PostgreSQL allows 1,600 columns per table, dropped ones included (numbers are never reused). */
    static final int MAX_TABLE_COLUMNS = 1_500;

    static final String LOCK_TIMEOUT = "5s";

    private final PostgresDatabase database;
    private final PromotionBackfill backfill;
    private final PromotionIndexes indexes;
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    private volatile Map<ProjectId, PromotedColumns> ready = Map.of();

    PostgresPromotions(PostgresDatabase database, int chunkRows) {
        this.database = database;
        this.backfill = new PromotionBackfill(database, chunkRows);
        this.indexes = new PromotionIndexes(database);
    }

    /** The columns reports of the project may read now: READY promotions, as last loaded. */
    Mono<PromotedColumns> columns(ProjectId project) {
        return (applied.get() == 0 ? reload() : Mono.just(ready))
                .map(all -> all.getOrDefault(project, PromotedColumns.NONE));
    }

    /**
     * Loads the READY promotions of all projects. A load that started before a later one finished is not applied:
     * a demotion's own reload can never be undone by an older one.
     */
    Mono<Map<ProjectId, PromotedColumns>> reload() {
        return Mono.defer(() -> {
            long started = reloads.incrementAndGet();
            return database.query(
                            new SqlStatement(
                                    "SELECT project_id, key, type, id FROM promoted_properties "
                                            + "WHERE state = 'READY'",
                                    List.of()),
                            row -> new Object[] {
                                row.get(0, String.class),
                                row.get(1, String.class),
                                row.get(2, String.class),
                                row.get(3, Integer.class)
                            })
                    .collectList()
                    .map(rows -> {
                        Map<ProjectId, Map<String, Integer>> ids = new HashMap<>();
                        Map<ProjectId, Map<String, PropertyType>> types = new HashMap<>();
                        for (Object[] row : rows) {
                            ProjectId project = new ProjectId((String) Objects.requireNonNull(row[0]));
                            String key = (String) Objects.requireNonNull(row[1]);
                            ids.computeIfAbsent(project, p -> new HashMap<>()).put(key, (Integer) row[3]);
                            types.computeIfAbsent(project, p -> new HashMap<>())
                                    .put(key, PropertyType.valueOf((String) row[2]));
                        }
                        Map<ProjectId, PromotedColumns> loaded = new HashMap<>();
                        ids.forEach((project, byKey) -> loaded.put(
                                project, PromotedColumns.of(byKey, Objects.requireNonNull(types.get(project)))));
                        synchronized (this) {
                            if (started > applied.get()) {
                                ready = Map.copyOf(loaded);
                                applied.set(started);
                            }
                            return ready;
                        }
                    });
        });
    }

    @Override
    public Mono<List<PromotedProperty>> list(ProjectId project) {
        return database.query(
                        new SqlStatement(
                                "SELECT key, type, state, progress FROM promoted_properties "
                                        + "WHERE project_id = $1 ORDER BY id",
                                List.of(project.value())),
                        row -> new PromotedProperty(
                                new Dimension.Property(Objects.requireNonNull(row.get(0, String.class))),
                                PropertyType.valueOf(Objects.requireNonNull(row.get(1, String.class))),
                                PromotedProperty.State.valueOf(Objects.requireNonNull(row.get(2, String.class))),
                                Objects.requireNonNull(row.get(3, Double.class))))
                .collectList();
    }

    @Override
    public Mono<PromotedProperty> promote(ProjectId project, Dimension.Property property, PropertyType type) {
        return database.inTransaction(connection -> lock(connection)
                        .then(PostgresDatabase.query(
                                        connection,
                                        new SqlStatement(
                                                "SELECT type, state, progress, "
                                                        + "(SELECT count(*) FROM promoted_properties WHERE project_id = $1)::int, "
                                                        + "(SELECT max(attnum) FROM pg_attribute WHERE attrelid = 'events'::regclass)::int "
                                                        + "FROM (SELECT 1) one LEFT JOIN promoted_properties ON project_id = $1 AND key = $2",
                                                List.of(project.value(), property.key())),
                                        row -> new Existing(
                                                row.get(0, String.class),
                                                row.get(1, String.class),
                                                row.get(2, Double.class),
                                                Objects.requireNonNull(row.get(3, Integer.class)),
                                                Objects.requireNonNull(row.get(4, Integer.class))))
                                .single())
                        .flatMap(existing -> existing.type() == null
                                ? add(connection, project, property, type, existing)
                                : Mono.just(existing.status(property, type))))
                .flatMap(status -> reload().thenReturn(status));
    }

    /** What the project has of the property now, and how many promotions and columns there are. */
    private record Existing(
            @Nullable String type,
            @Nullable String state,
            @Nullable Double progress,
            int promotions,
            int tableColumns) {

        PromotedProperty status(Dimension.Property property, PropertyType wanted) {
            String type = Objects.requireNonNull(type());
            String state = Objects.requireNonNull(state());
            if (PropertyType.valueOf(type) != wanted) {
                throw new IllegalArgumentException("'" + property.publicName() + "' is promoted as " + type
                        + "; demote it first to promote it as " + wanted);
            }
            if (state.equals("DEMOTING")) {
                throw new IllegalArgumentException("'" + property.publicName() + "' is being demoted; promote it "
                        + "again once it is gone from the list");
            }
            return new PromotedProperty(
                    property, wanted, PromotedProperty.State.valueOf(state), Objects.requireNonNull(progress));
        }
    }

    private Mono<PromotedProperty> add(
            Connection connection,
            ProjectId project,
            Dimension.Property property,
            PropertyType type,
            Existing existing) {
        if (existing.promotions() >= MAX_PER_PROJECT) {
            return Mono.error(new IllegalArgumentException(
                    "the project already has " + MAX_PER_PROJECT + " promoted properties; demote one first"));
        }
        if (existing.tableColumns() >= MAX_TABLE_COLUMNS) {
            return Mono.error(new IllegalArgumentException("the events table has no room for another column "
                    + "(PostgreSQL counts dropped ones until the table is rewritten)"));
        }
        return PostgresDatabase.query(
                        connection,
                        new SqlStatement(
                                "INSERT INTO promoted_properties (project_id, key, "
                                        + "type) VALUES ($1, $2, $3) RETURNING id",
                                List.of(project.value(), property.key(), type.name())),
                        row -> Objects.requireNonNull(row.get(0, Integer.class)))
                .single()
                // The column's name is our own number and its type one of two constants: no user text in DDL.
                .flatMap(id -> PostgresDatabase.update(
                                connection,
                                new SqlStatement(
                                        "ALTER TABLE events ADD COLUMN " + PromotedColumns.name(id)
                                                + (type == PropertyType.NUMBER ? " numeric" : " text"),
                                        List.of()))
                        .then(sync(connection)))
                .thenReturn(new PromotedProperty(property, type, PromotedProperty.State.BACKFILLING, 0));
    }

    @Override
    public Mono<Boolean> demote(ProjectId project, Dimension.Property property) {
        return database.query(
                        new SqlStatement(
                                "UPDATE promoted_properties SET state = 'DEMOTING', changed_at = "
                                        + "CASE WHEN state = 'DEMOTING' THEN changed_at ELSE now() END WHERE project_id = $1 "
                                        + "AND key = $2 RETURNING id",
                                List.of(project.value(), property.key())),
                        row -> 1)
                .count()
                .map(rows -> rows > 0)
                // Reads go back to the JSON here at once, elsewhere within a maintenance period.
                .flatMap(demoted -> reload().thenReturn(demoted));
    }

    @Override
    public Mono<Void> refresh(ProjectId project) {
        return pending(new SqlStatement(
                        "SELECT id, state FROM promoted_properties WHERE project_id = $1 "
                                + "AND (state <> 'READY' OR NOT indexed) ORDER BY id",
                        List.of(project.value())))
                .concatMap(work -> switch (work.state()) {
                    case "DEMOTING" -> drop(work.id());
                    case "BACKFILLING" ->
                        backfill.step(work.id())
                                .repeat()
                                .takeUntil(more -> !more)
                                .then(indexes.build(work.id()));
                    default -> indexes.build(work.id());
                })
                .then(reload())
                .then();
    }

    /**
     * One round of background upkeep: reloads what is READY (other instances may have changed it), spends about
     * {@code budget} on backfills, and drops columns demoted more than {@code grace} ago.
     */
    Mono<Void> maintain(Duration budget, Duration grace) {
        long deadline = System.nanoTime() + budget.toNanos();
        return reload().thenMany(pending(new SqlStatement(
                        "SELECT id, state FROM promoted_properties WHERE state = "
                                + "'BACKFILLING' OR (state = 'READY' AND NOT indexed) OR (state = 'DEMOTING' AND changed_at < "
                                + "now() - $1::interval) ORDER BY id",
                        List.of(grace.toMillis() + " milliseconds"))))
                .concatMap(work -> switch (work.state()) {
                    case "DEMOTING" -> drop(work.id());
                    // The index is built on a later tick, once READY.
                    case "BACKFILLING" ->
                        backfill.step(work.id())
                                .repeat(() -> System.nanoTime() < deadline)
                                .takeUntil(more -> !more)
                                .then();
                    default -> indexes.build(work.id());
                })
                .then(reload())
                .then();
    }

    /** A chunk of {@code rows} events of each of the project's backfills; true while more is left. */
    Mono<Boolean> backfillStep(ProjectId project, int rows) {
        return pending(new SqlStatement(
                        "SELECT id, state FROM promoted_properties WHERE project_id = $1 "
                                + "AND state = 'BACKFILLING' ORDER BY id",
                        List.of(project.value())))
                .concatMap(work -> backfill.step(work.id(), rows))
                .reduce(false, Boolean::logicalOr)
                .flatMap(more -> reload().thenReturn(more));
    }

    private record Work(int id, String state) {}

    private Flux<Work> pending(SqlStatement statement) {
        return database.query(
                statement,
                row -> new Work(
                        Objects.requireNonNull(row.get(0, Integer.class)),
                        Objects.requireNonNull(row.get(1, String.class))));
    }

    /** Drops a demoted column and regenerates the trigger without it, in one transaction. */
    private Mono<Void> drop(int id) {
        return database.inTransaction(connection -> lock(connection)
                        .then(PostgresDatabase.query(
                                        connection,
                                        new SqlStatement(
                                                "DELETE FROM promoted_properties "
                                                        + "WHERE id = $1 AND state = 'DEMOTING' RETURNING id",
                                                List.of(id)),
                                        row -> 1)
                                .hasElements())
                        .flatMap(deleted -> !deleted
                                ? Mono.<Void>empty()
                                : PostgresDatabase.update(
                                                connection,
                                                new SqlStatement(
                                                        "ALTER TABLE events DROP COLUMN " + "IF EXISTS "
                                                                + PromotedColumns.name(id),
                                                        List.of()))
                                        .then(sync(connection))))
                .then();
    }

    /** Serializes promotions, drops and backfill steps; bounds how long DDL waits for the events table. */
    private static Mono<Void> lock(Connection connection) {
        return PostgresDatabase.update(
                        connection, new SqlStatement("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'", List.of()))
                .then(PostgresDatabase.update(
                        connection, new SqlStatement("LOCK TABLE promoted_properties IN EXCLUSIVE MODE", List.of())))
                .then();
    }

    private static Mono<Void> sync(Connection connection) {
        return PostgresDatabase.query(
                        connection, new SqlStatement("SELECT eventlens_promoted_sync()", List.of()), row -> 1)
                .then();
    }
}
