package io.eventlens.postgres;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.eventlens.core.storage.WriteResult;
import io.r2dbc.spi.R2dbcException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes batches with one array per column and {@code unnest}, a few thousand rows per statement, all in one
 * transaction; each event carries the numbers of its user and session ({@link MemberNumbers}). Ids go to {@code event_ids} first in the same statement: only ids that were new get an event row,
 * which makes retries idempotent although the partitioned table cannot have a unique index on the id alone.
 *
 * <p>Order matters twice. Ids are claimed in id order, within a statement and across the chunks of a batch, so
 * concurrent writers of overlapping batches lock {@code event_ids} rows in the same order and cannot deadlock.
 * Events are inserted in time order, so a time range reads few heap pages.
 */
final class EventBatchWriter {

    static final int DEFAULT_CHUNK_SIZE = 5000;

    private static final String INSERT = """
            WITH input AS (
                SELECT * FROM unnest($2::uuid[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[],
                                     $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::float8[],
                                     $14::text[], $15::int[], $16::int[])
                    AS t(id, ts, type, user_id, session_id, country, device, browser, os, page, referrer, revenue,
                         properties, user_no, session_no)
            ), fresh AS (
                INSERT INTO event_ids (project_id, id)
                SELECT $1::text, id FROM input ORDER BY id
                ON CONFLICT DO NOTHING
                RETURNING id
            )
            INSERT INTO events (project_id, id, ts, type, user_id, session_id, country, device, browser, os, page,
                                referrer, revenue, properties, user_no, session_no)
            SELECT $1::text, i.id, i.ts, i.type, i.user_id, i.session_id, i.country, i.device, i.browser, i.os, i.page,
                   i.referrer, i.revenue, i.properties::jsonb, i.user_no, i.session_no
            FROM input i JOIN fresh f ON f.id = i.id
            ORDER BY i.ts
            RETURNING id""";

    private final PostgresDatabase database;
    private final MonthlyPartitions partitions;
    private final JsonMapper json;
    private final int chunkSize;
    private final RollupDeltas rollups;
    private final MemberNumbers members;

    EventBatchWriter(PostgresDatabase database, MonthlyPartitions partitions, JsonMapper json, int chunkSize,
            RollupDeltas rollups) {
        this.database = database;
        this.members = new MemberNumbers(database);
        this.rollups = rollups;
        this.partitions = partitions;
        this.json = json;
        this.chunkSize = chunkSize;
    }

    Mono<WriteResult> write(ProjectId project, List<Event> events) {
        if (events.isEmpty()) {
            return Mono.just(WriteResult.EMPTY);
        }
        // Repeats inside the batch are duplicates: the first occurrence is the one stored.
        Map<UUID, Event> unique = new LinkedHashMap<>();
        events.forEach(event -> unique.putIfAbsent(event.id(), event));
        int inBatchDuplicates = events.size() - unique.size();
        // Chunks follow id order too (see the class comment).
        List<Event> ordered = unique.values().stream().sorted(Comparator.comparing(Event::id)).toList();
        Set<java.time.YearMonth> months = ordered.stream().map(e -> MonthlyPartitions.monthOf(e.timestamp()))
                .collect(Collectors.toSet());
        rollups.observe(ordered);
        return Mono.defer(() -> partitions.ensure(months))
                .then(rollups.register(project))
                // Numbers of new users and sessions are committed first: a number given and then not used is harmless.
                .then(members.of(project, ordered))
                .flatMap(numbers -> {
                    List<SqlStatement> chunks = new ArrayList<>();
                    for (int from = 0; from < ordered.size(); from += chunkSize) {
                        chunks.add(insert(project, ordered.subList(from, Math.min(ordered.size(), from + chunkSize)),
                                numbers));
                    }
                    // RETURNING names the events that were new: rollups and listeners act on exactly what was stored.
                    // The project's rollup lock comes last, held for the commit and little else (RollupDeltas#add): a
                    // seal waits for the writers that hold it, and new writers wait behind the seal.
                    return database.inTransaction(connection -> Flux.fromIterable(chunks)
                                    .concatMap(chunk -> PostgresDatabase.query(connection, chunk,
                                            row -> row.get(0, UUID.class)))
                                    .collectList()
                                    .flatMap(inserted -> rollups.add(connection, project, inserted.stream()
                                                    .map(unique::get).toList(), numbers)
                                            .thenReturn(inserted)))
                            // Writer A holding an id that writer B also claims, waiting for the lock behind a seal
                            // that waits for B: PostgreSQL ends one of them; the batch is idempotent, so run it again.
                            .retryWhen(Retry.max(3).filter(EventBatchWriter::deadlocked));
                })
                .map(inserted -> new WriteResult(inserted.size(),
                        ordered.size() - inserted.size() + inBatchDuplicates, inserted));
    }

    private static boolean deadlocked(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof R2dbcException r2dbc && "40P01".equals(r2dbc.getSqlState())) {
                return true;
            }
        }
        return false;
    }

    private SqlStatement insert(ProjectId project, List<Event> events, MemberNumbers.Numbered numbers) {
        int size = events.size();
        String[] ids = new String[size];
        String[] timestamps = new String[size];
        String[] types = new String[size];
        String[] users = new String[size];
        String[] sessions = new String[size];
        String[] countries = new String[size];
        String[] devices = new String[size];
        String[] browsers = new String[size];
        String[] systems = new String[size];
        String[] pages = new String[size];
        String[] referrers = new String[size];
        String[] revenues = new String[size];
        String[] properties = new String[size];
        Integer[] userNumbers = new Integer[size];
        Integer[] sessionNumbers = new Integer[size];
        for (int i = 0; i < size; i++) {
            Event event = events.get(i);
            ids[i] = event.id().toString();
            // ISO-8601 with Z: an absolute instant whatever the session's time zone.
            timestamps[i] = event.timestamp().toString();
            types[i] = event.type();
            users[i] = event.userId();
            sessions[i] = event.sessionId();
            countries[i] = event.country();
            devices[i] = event.device();
            browsers[i] = event.browser();
            systems[i] = event.os();
            pages[i] = event.page();
            referrers[i] = event.referrer();
            // Double.toString is the shortest exact form; PostgreSQL's float8 input reads it back bit for bit.
            revenues[i] = event.revenue() == null ? null : event.revenue().toString();
            properties[i] = json.writeValueAsString(event.properties());
            userNumbers[i] = numbers.user(event.userId());
            sessionNumbers[i] = numbers.session(event.sessionId());
        }
        return new SqlStatement(INSERT, List.of(project.value(), ids, timestamps, types, users, sessions, countries,
                devices, browsers, systems, pages, referrers, revenues, properties, userNumbers, sessionNumbers));
    }
}
