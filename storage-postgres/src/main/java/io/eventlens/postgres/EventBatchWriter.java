package io.eventlens.postgres;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.eventlens.core.storage.UniqueEvents;
import io.eventlens.core.storage.WriteResult;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes batches in one transaction, a few thousand events per step: the ids are claimed in {@code event_ids}
 * ({@code ON CONFLICT DO NOTHING RETURNING}), and only the events whose id was new are copied into {@code events}
 * (binary {@code COPY}, see {@link EventCopy}), each with the numbers of its user and session ({@link MemberNumbers}).
 * That makes retries idempotent although the partitioned table cannot have a unique index on the id alone.
 *
 * <p>Order matters twice. Ids are claimed in id order, within a statement and across the steps of a batch, so
 * concurrent writers of overlapping batches lock {@code event_ids} rows in the same order and cannot deadlock.
 * Events are copied in time order, so a time range reads few heap pages.
 */
final class EventBatchWriter {

    static final int DEFAULT_CHUNK_SIZE = 5000;

    private static final String CLAIM = """
            INSERT INTO event_ids (project_id, id)
            SELECT $1::text, id FROM unnest($2::uuid[]) AS t(id) ORDER BY id
            ON CONFLICT DO NOTHING
            RETURNING id""";

    private final PostgresDatabase database;
    private final MonthlyPartitions partitions;
    private final EventCopy copy;
    private final int chunkSize;
    private final RollupDeltas rollups;
    private final MemberNumbers members;

    EventBatchWriter(
            PostgresDatabase database,
            MonthlyPartitions partitions,
            JsonMapper json,
            int chunkSize,
            RollupDeltas rollups) {
        this.database = database;
        this.members = new MemberNumbers(database);
        this.rollups = rollups;
        this.partitions = partitions;
        this.copy = new EventCopy(json);
        this.chunkSize = chunkSize;
    }

    Mono<WriteResult> write(ProjectId project, List<Event> events) {
        if (events.isEmpty()) {
            return Mono.just(WriteResult.EMPTY);
        }
        UniqueEvents batch = UniqueEvents.of(events);
        // Chunks follow id order too (see the class comment).
        List<Event> ordered = batch.byId().values().stream()
                .sorted(Comparator.comparing(Event::id))
                .toList();
        Set<java.time.YearMonth> months = ordered.stream()
                .map(e -> MonthlyPartitions.monthOf(e.timestamp()))
                .collect(Collectors.toSet());
        rollups.observe(ordered);
        return Mono.defer(() -> partitions.ensure(months))
                .then(rollups.register(project))
                // Numbers of new users and sessions are committed first: a number given and then not used is harmless.
                .then(members.of(project, ordered))
                .flatMap(numbers -> {
                    List<List<Event>> chunks = new ArrayList<>();
                    for (int from = 0; from < ordered.size(); from += chunkSize) {
                        chunks.add(ordered.subList(from, Math.min(ordered.size(), from + chunkSize)));
                    }
                    // RETURNING names the events that were new: rollups and listeners act on exactly what was stored.
                    // The project's rollup lock comes last, held for the commit and little else (RollupDeltas#add): a
                    // seal waits for the writers that hold it, and new writers wait behind the seal.
                    return database.inTransaction(connection -> Flux.fromIterable(chunks)
                                    .concatMap(chunk -> claimAndCopy(connection, project, chunk, numbers))
                                    .collectList()
                                    .flatMap(inserted -> rollups.add(
                                                    connection,
                                                    project,
                                                    inserted.stream()
                                                            .map(batch.byId()::get)
                                                            .toList(),
                                                    numbers)
                                            .thenReturn(inserted)))
                            // Writer A holding an id that writer B also claims, waiting for the lock behind a seal
                            // that waits for B: PostgreSQL ends one of them; the batch is idempotent, so run it again.
                            .retryWhen(Retry.max(3).filter(EventBatchWriter::deadlocked));
                })
                .map(inserted -> new WriteResult(
                        inserted.size(), ordered.size() - inserted.size() + batch.inBatchDuplicates(), inserted));
    }

    private static boolean deadlocked(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof R2dbcException r2dbc && "40P01".equals(r2dbc.getSqlState())) {
                return true;
            }
        }
        return false;
    }

    /** Claims the chunk's ids and copies the events whose id was new; answers their ids. */
    private Flux<UUID> claimAndCopy(
            Connection connection, ProjectId project, List<Event> chunk, MemberNumbers.Numbered numbers) {
        String[] ids = chunk.stream().map(event -> event.id().toString()).toArray(String[]::new);
        return PostgresDatabase.query(
                        connection,
                        new SqlStatement(CLAIM, List.of(project.value(), ids)),
                        row -> Objects.requireNonNull(row.get(0, UUID.class)))
                .collect(Collectors.toSet())
                .publishOn(CpuWork.SCHEDULER) // the COPY body below
                .flatMapMany(claimed -> {
                    List<Event> fresh = chunk.stream()
                            .filter(event -> claimed.contains(event.id()))
                            .sorted(Comparator.comparing(Event::timestamp))
                            .toList();
                    return fresh.isEmpty()
                            ? Flux.empty()
                            : PostgresDatabase.copyIn(
                                            connection, EventCopy.SQL, () -> copy.body(project, fresh, numbers))
                                    .thenMany(Flux.fromIterable(fresh).map(Event::id));
                });
    }
}
