package io.eventlens.clickhouse;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.rollup.Rollup;
import io.eventlens.core.rollup.RollupAdmin;
import io.eventlens.core.rollup.RollupCoverage;
import io.eventlens.core.rollup.RollupStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Rollups on ClickHouse. The feed (a materialized view) adds every inserted event to the built-in rollups and to the
 * defined rollups past {@link RollupSchema#DEFINED}, at insert time; a defined rollup's history is copied from the
 * stored events once, while the project's writes wait ({@link ProjectWrites}). So every rollup the planner is given
 * holds exactly the project's events: the built-in ones from the first insert on, a defined one once
 * {@link RollupSchema#READY}.
 */
final class ClickHouseRollups implements RollupAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseRollups.class);

    /**
     * The feed holds events of any timestamp, so the watermark is "never": late events reach the rollups as they are
     * inserted. Well inside DateTime64(6)'s range.
     */
    static final Instant WATERMARK = Instant.parse("2200-01-01T00:00:00Z");

    private final ClickHouseDatabase database;
    private final ProjectWrites writes;
    private final AtomicLong versions = new AtomicLong();
    private final ProjectsWithoutDefinedRollups withoutDefined = new ProjectsWithoutDefinedRollups(System::nanoTime);

    ClickHouseRollups(ClickHouseDatabase database, ProjectWrites writes) {
        this.database = database;
        this.writes = writes;
    }

    /** The built-in rollups alone, each holding every event: what a project without ready rollups of its own reads. */
    private static final ReadableRollups BUILT_IN = builtIn();

    private static ReadableRollups builtIn() {
        List<RollupCoverage> coverages = new ArrayList<>();
        Map<Rollup, String> keys = new HashMap<>();
        Rollup.DEFAULTS.forEach(rollup -> {
            coverages.add(new RollupCoverage(rollup, null, WATERMARK));
            keys.put(rollup, rollup.name());
        });
        return new ReadableRollups(List.copyOf(coverages), Map.copyOf(keys));
    }

    /** A defined rollup as stored; its rows are under {@code key}. */
    private record Defined(Rollup rollup, int stage, long generation, String key) {}

    /** What the planner may read for a project, and the {@code rollup_name} each rollup's rows are stored under. */
    record ReadableRollups(List<RollupCoverage> coverages, Map<Rollup, String> keys) {}

    /**
     * The built-in rollups and the defined ones that are ready; for a project recently seen without ready rollups of
     * its own, the built-in ones without a lookup ({@link ProjectsWithoutDefinedRollups}).
     */
    Mono<ReadableRollups> readable(ProjectId project) {
        return Mono.defer(() -> {
            if (withoutDefined.known(project)) {
                return Mono.just(BUILT_IN);
            }
            ProjectsWithoutDefinedRollups.Lookup lookup = withoutDefined.lookup();
            return defined(project).map(defined -> {
                List<Defined> ready = defined.stream()
                        .filter(d -> d.stage() == RollupSchema.READY)
                        .toList();
                if (ready.isEmpty()) {
                    withoutDefined.seenWithout(project, lookup);
                    return BUILT_IN;
                }
                List<RollupCoverage> coverages = new ArrayList<>(BUILT_IN.coverages());
                Map<Rollup, String> keys = new HashMap<>(BUILT_IN.keys());
                ready.forEach(d -> {
                    coverages.add(new RollupCoverage(d.rollup(), null, WATERMARK));
                    keys.put(d.rollup(), d.key());
                });
                return new ReadableRollups(coverages, keys);
            });
        });
    }

    @Override
    public Mono<List<RollupStatus>> list(ProjectId project) {
        return Mono.zip(defined(project), sizes(project)).map(result -> {
            Map<String, long[]> sizes = result.getT2();
            List<RollupStatus> statuses = new ArrayList<>();
            for (Rollup rollup : Rollup.DEFAULTS) {
                long[] size = sizes.getOrDefault(rollup.name(), new long[2]);
                statuses.add(new RollupStatus(rollup, RollupStatus.State.READY, 1.0, size[0], size[1], true));
            }
            for (Defined d : result.getT1()) {
                long[] size = sizes.getOrDefault(d.key(), new long[2]);
                boolean ready = d.stage() == RollupSchema.READY;
                statuses.add(new RollupStatus(
                        d.rollup(),
                        ready ? RollupStatus.State.READY : RollupStatus.State.BACKFILLING,
                        ready ? 1.0 : 0.0,
                        size[0],
                        size[1],
                        false));
            }
            return statuses;
        });
    }

    @Override
    public Mono<RollupStatus> define(ProjectId project, Rollup rollup) {
        return writes.serialized(
                        project,
                        () -> defined(project).flatMap(defined -> {
                            List<Rollup> taken = new ArrayList<>(Rollup.DEFAULTS);
                            defined.forEach(d -> taken.add(d.rollup()));
                            for (Rollup other : taken) {
                                if (other.name().equals(rollup.name())) {
                                    return Mono.error(new IllegalArgumentException(
                                            "a rollup named '" + rollup.name() + "' exists already"));
                                }
                                if (other.grain().equals(rollup.grain())
                                        && other.columns().equals(rollup.columns())) {
                                    return Mono.error(new IllegalArgumentException(
                                            "rollup '" + other.name() + "' keeps the same columns at the same grain"));
                                }
                            }
                            return store(project, rollup, RollupSchema.DEFINED, 0, false);
                        }))
                .thenReturn(new RollupStatus(rollup, RollupStatus.State.BACKFILLING, 0.0, 0, 0, false))
                // History is filled in the background; refresh() waits for it.
                .doOnSuccess(status -> refresh(project)
                        .subscribe(
                                null,
                                failure -> LOG.warn(
                                        "backfilling rollups of {} failed; the next refresh retries",
                                        project,
                                        failure)));
    }

    @Override
    public Mono<Boolean> remove(ProjectId project, String name) {
        return writes.serialized(
                project,
                () -> defined(project).flatMap(defined -> {
                    var found = defined.stream()
                            .filter(d -> d.rollup().name().equals(name))
                            .findFirst();
                    if (found.isEmpty()) {
                        return Mono.just(false);
                    }
                    // Out of the feed and the planner; its rows stay unread (see RollupFeed.ROWS_KEY).
                    return store(
                                    project,
                                    found.get().rollup(),
                                    found.get().stage(),
                                    found.get().generation(),
                                    true)
                            .then(Mono.fromRunnable(() -> withoutDefined.forget(project)))
                            .thenReturn(true);
                }));
    }

    /**
     * Fills in the history of defined rollups that are not ready: with the project's writes waiting, the feed starts
     * adding new events under a new generation (rows of an interrupted backfill stay behind, unread), and the stored
     * events are copied in through FINAL; nothing can be inserted in between, so no event is counted twice or
     * missed. Built-in rollups are fed from the first event on and need nothing.
     */
    @Override
    public Mono<Void> refresh(ProjectId project) {
        return writes.serialized(
                project,
                () -> defined(project)
                        .flatMapMany(Flux::fromIterable)
                        .filter(d -> d.stage() != RollupSchema.READY)
                        .concatMap(d -> {
                            long generation = nextVersion();
                            return store(project, d.rollup(), RollupSchema.FED, generation, false)
                                    .then(backfill(project, d.rollup()))
                                    .then(store(project, d.rollup(), RollupSchema.READY, generation, false))
                                    // Before refresh completes: whoever waited for it plans with the rollup.
                                    .then(Mono.fromRunnable(() -> withoutDefined.forget(project)));
                        })
                        .then());
    }

    private Mono<Void> backfill(ProjectId project, Rollup rollup) {
        SqlParameters p = new SqlParameters();
        String events = "(SELECT * FROM " + ClickHouseSchema.EVENTS + " FINAL WHERE project_id = "
                + p.text(project.value()) + ") AS e";
        // Filtered in an inner query: outside it, the alias "name" (the rows' key) would shadow the column.
        String definition = "SELECT project_id, " + RollupFeed.ROWS_KEY + " AS name, grain_seconds, columns, sketches "
                + "FROM (SELECT * FROM " + RollupSchema.DEFINITIONS + " FINAL WHERE project_id = "
                + p.text(project.value()) + " AND name = " + p.text(rollup.name()) + " AND removed = 0)";
        return database.query(
                        p.statement("INSERT INTO " + RollupSchema.ROWS + " " + RollupFeed.select(events, definition)),
                        row -> 0)
                .then();
    }

    /** Later versions win in FINAL: microseconds of now, strictly increasing within this process. */
    private long nextVersion() {
        return versions.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis() * 1000));
    }

    private Mono<Void> store(ProjectId project, Rollup rollup, int stage, long generation, boolean removed) {
        SqlParameters p = new SqlParameters();
        StringJoiner columns = new StringJoiner(",");
        rollup.orderedColumns().forEach(column -> columns.add(column.name()));
        long version = nextVersion();
        String sql = "INSERT INTO " + RollupSchema.DEFINITIONS
                + " (project_id, name, grain_seconds, columns, sketches, "
                + "stage, generation, removed, version) SELECT " + p.text(project.value()) + ", "
                + p.text(rollup.name())
                + ", toUInt32(" + p.text(Long.toString(rollup.grainSeconds())) + "), splitByChar(',', "
                + p.text(columns.toString()) + "), toUInt8(" + p.text(rollup.keepsSketches() ? "1" : "0")
                + "), toUInt8(" + p.text(Integer.toString(stage)) + "), toUInt64(" + p.text(Long.toString(generation))
                + "), toUInt8(" + p.text(removed ? "1" : "0")
                + "), toUInt64(" + p.text(Long.toString(version)) + ")";
        return database.query(p.statement(sql), row -> 0).then();
    }

    private Mono<List<Defined>> defined(ProjectId project) {
        SqlParameters p = new SqlParameters();
        String sql = "SELECT name, grain_seconds, arrayStringConcat(columns, ',') AS columns, stage, "
                + "toString(generation) AS generation, " + RollupFeed.ROWS_KEY + " AS rows_key FROM "
                + RollupSchema.DEFINITIONS + " FINAL WHERE project_id = " + p.text(project.value())
                + " AND removed = 0 ORDER BY name";
        return database.query(p.statement(sql), row -> {
                    EnumSet<EventColumn> columns = EnumSet.noneOf(EventColumn.class);
                    for (String column : Objects.requireNonNull(row.get("columns", String.class))
                            .split(",")) {
                        if (!column.isEmpty()) {
                            columns.add(EventColumn.valueOf(column));
                        }
                    }
                    Rollup rollup = new Rollup(
                            Objects.requireNonNull(row.get("name", String.class)),
                            Duration.ofSeconds(((Number) Objects.requireNonNull(row.get("grain_seconds"))).longValue()),
                            columns);
                    return new Defined(
                            rollup,
                            ((Number) Objects.requireNonNull(row.get("stage"))).intValue(),
                            Long.parseLong(row.get("generation", String.class)),
                            Objects.requireNonNull(row.get("rows_key", String.class)));
                })
                .collectList();
    }

    /** Rows and estimated bytes per rollup of the project. */
    private Mono<Map<String, long[]>> sizes(ProjectId project) {
        SqlParameters p = new SqlParameters();
        String sql = "SELECT rollup_name, count() AS n, sum(byteSize(*)) AS bytes FROM " + RollupSchema.ROWS
                + " WHERE project_id = " + p.text(project.value()) + " GROUP BY rollup_name";
        return database.query(
                        p.statement(sql),
                        row -> Map.entry(row.get("rollup_name", String.class), new long[] {
                            ((Number) Objects.requireNonNull(row.get("n"))).longValue(),
                            ((Number) Objects.requireNonNull(row.get("bytes"))).longValue()
                        }))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new)
                .map(map -> (Map<String, long[]>) map);
    }
}
