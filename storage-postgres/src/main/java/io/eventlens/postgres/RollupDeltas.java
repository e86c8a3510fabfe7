package io.eventlens.postgres;

import io.eventlens.core.ProjectId;
import io.eventlens.core.rollup.RollupCoverage;
import io.r2dbc.spi.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The writer's share of rollup upkeep, inside its transaction: take the project's lock shared (so no seal runs
 * halfway through the write), then add to each rollup the new events that fall inside what it already holds —
 * late events older than the watermark. Everything newer is left to the next seal. Only events the write really
 * inserted count, so a retried batch adds nothing twice.
 */
final class RollupDeltas {

    /** An event the write inserted. */
    record Inserted(UUID id, Instant timestamp) {
    }

    private final RollupSealer sealer;
    private final Set<ProjectId> registered = ConcurrentHashMap.newKeySet();

    RollupDeltas(RollupSealer sealer) {
        this.sealer = sealer;
    }

    /** Before the first write of a project in this process: make sure the sealer keeps its rollups. */
    Mono<Void> register(ProjectId project) {
        return registered.contains(project) ? Mono.empty()
                : sealer.register(project).doOnSuccess(done -> registered.add(project));
    }

    Mono<List<RollupCatalog.StoredRollup>> lock(Connection connection, ProjectId project) {
        return PostgresDatabase.query(connection, RollupStatements.lockShared(project), row -> 1)
                .then(RollupCatalog.rollups(connection, project))
                .map(all -> all.stream().filter(r -> r.coverage() != null).toList());
    }

    Mono<Void> add(Connection connection, ProjectId project, List<RollupCatalog.StoredRollup> rollups,
            List<Inserted> inserted) {
        return Flux.fromIterable(rollups)
                .concatMap(stored -> {
                    List<Inserted> held = inserted.stream().filter(e -> holds(stored.coverage(), e.timestamp()))
                            .toList();
                    if (held.isEmpty()) {
                        return Mono.empty();
                    }
                    Instant from = held.stream().map(Inserted::timestamp).min(Instant::compareTo).orElseThrow();
                    Instant to = held.stream().map(Inserted::timestamp).max(Instant::compareTo).orElseThrow()
                            .plusNanos(1000);
                    List<UUID> ids = held.stream().map(Inserted::id).toList();
                    return PostgresDatabase.update(connection, RollupStatements.add(stored.id(), stored.rollup(),
                            project, from, to, ids))
                            .then(RollupSketches.add(connection, stored.id(), stored.rollup(), project, from, to, ids));
                })
                .then();
    }

    private static boolean holds(@org.jspecify.annotations.Nullable RollupCoverage coverage, Instant timestamp) {
        return coverage != null && timestamp.isBefore(coverage.watermark())
                && (coverage.coveredFrom() == null || !timestamp.isBefore(coverage.coveredFrom()));
    }
}
