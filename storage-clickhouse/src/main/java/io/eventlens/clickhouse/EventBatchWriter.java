package io.eventlens.clickhouse;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.eventlens.core.storage.UniqueEvents;
import io.eventlens.core.storage.WriteResult;
import java.io.ByteArrayOutputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes batches as one JSONEachRow body per chunk. Ids already stored in the project are looked up first and
 * skipped, so a retry stores nothing twice and its {@link WriteResult} is exact. The lookup and the insert are two
 * steps: callers run a project's writes one at a time, across instances too ({@link ProjectWrites}). Should two copies
 * be stored anyway, the table's ReplacingMergeTree key (project, type, ts, id) and FINAL reads count them once (see
 * the module README).
 */
final class EventBatchWriter {

    /** Rows per insert: ClickHouse prefers few large inserts; each becomes one part. */
    static final int DEFAULT_CHUNK_SIZE = 50_000;
    /** Ids per existence check: the IN list travels in the statement text. */
    private static final int LOOKUP_SIZE = 2_000;

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private final ClickHouseDatabase database;
    private final JsonMapper json;
    private final int chunkSize;

    EventBatchWriter(ClickHouseDatabase database, JsonMapper json, int chunkSize) {
        this.database = database;
        this.json = json;
        this.chunkSize = chunkSize;
    }

    Mono<WriteResult> write(ProjectId project, List<Event> events) {
        if (events.isEmpty()) {
            return Mono.just(WriteResult.EMPTY);
        }
        UniqueEvents batch = UniqueEvents.of(events);
        List<UUID> ids = new ArrayList<>(batch.byId().keySet());
        return Flux.range(0, (ids.size() + LOOKUP_SIZE - 1) / LOOKUP_SIZE)
                .concatMap(chunk -> stored(
                        project, ids.subList(chunk * LOOKUP_SIZE, Math.min(ids.size(), (chunk + 1) * LOOKUP_SIZE))))
                .collect(HashSet<UUID>::new, Set::add)
                .flatMap(stored -> {
                    List<Event> fresh = batch.byId().values().stream()
                            .filter(e -> !stored.contains(e.id()))
                            .sorted(Comparator.comparing(Event::timestamp))
                            .toList();
                    return Flux.range(0, (fresh.size() + chunkSize - 1) / chunkSize)
                            .concatMap(chunk -> database.insertJsonEachRow(
                                    ClickHouseSchema.EVENTS,
                                    rows(
                                            project,
                                            fresh.subList(
                                                    chunk * chunkSize,
                                                    Math.min(fresh.size(), (chunk + 1) * chunkSize)))))
                            .then(Mono.fromSupplier(() -> new WriteResult(
                                    fresh.size(),
                                    batch.byId().size() - fresh.size() + batch.inBatchDuplicates(),
                                    fresh.stream().map(Event::id).toList())));
                });
    }

    private Flux<UUID> stored(ProjectId project, List<UUID> ids) {
        SqlParameters p = new SqlParameters();
        // No FINAL: any copy of the id means it is stored.
        String sql = "SELECT DISTINCT toString(id) AS stored_id FROM " + ClickHouseSchema.EVENTS
                + " WHERE project_id = " + p.text(project.value()) + " AND id IN " + p.uuidSet(ids);
        return database.query(p.statement(sql), row -> UUID.fromString(row.get("stored_id", String.class)));
    }

    /** The JSONEachRow body of {@code events}, one object a line. */
    byte[] rows(ProjectId project, List<Event> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(events.size() * 400);
        for (Event event : events) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("project_id", project.value());
            row.put("id", event.id().toString());
            row.put("ts", TIMESTAMP.format(event.timestamp()));
            row.put("type", event.type());
            row.put("user_id", event.userId());
            row.put("session_id", event.sessionId());
            row.put("country", event.country());
            row.put("device", event.device());
            row.put("browser", event.browser());
            row.put("os", event.os());
            row.put("page", event.page());
            row.put("referrer", event.referrer());
            row.put("revenue", event.revenue());
            row.put("properties", json.writeValueAsString(event.properties()));
            out.writeBytes(json.writeValueAsBytes(row));
            out.write('\n');
        }
        return out.toByteArray();
    }
}
