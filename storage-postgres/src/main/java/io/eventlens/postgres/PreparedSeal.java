package io.eventlens.postgres;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.r2dbc.spi.Connection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A seal's work done before it takes the project's exclusive lock, so writers wait only while the ready statements
 * run: the events of {@code [watermark, to)} are read and aggregated per rollup without the lock. Under the lock the
 * seal checks that the slice is still what was read — same watermark, same number of events (events are only ever
 * added, so the same count means the same events) — and otherwise aggregates in SQL as before.
 */
final class PreparedSeal {

    /** More events than this in one slice (a seal that fell far behind) are aggregated in SQL, not in memory. */
    static final int MAX_EVENTS = 50_000;

    private final Instant watermark;
    private final Instant to;
    private final int events;
    private final Map<Integer, Prepared> byRollup;

    /** One rollup's statements, and the definition they were built for. */
    private record Prepared(RollupCatalog.StoredRollup stored, List<RowWrite> statements) {}

    private PreparedSeal(Instant watermark, Instant to, int events, Map<Integer, Prepared> byRollup) {
        this.watermark = watermark;
        this.to = to;
        this.events = events;
        this.byRollup = byRollup;
    }

    /** Reads and aggregates the slice a seal up to {@code to} would add; empty when there is none or too much. */
    static Mono<PreparedSeal> prepare(PostgresDatabase database, ProjectId project, Instant to) {
        return database.queryFirst(
                        new SqlStatement(
                                "SELECT watermark FROM rollup_watermarks WHERE project_id = $1",
                                List.of(project.value())),
                        row -> Objects.requireNonNull(row.get(0, OffsetDateTime.class))
                                .toInstant())
                .filter(to::isAfter)
                .flatMap(watermark -> Mono.zip(
                                database.query(slice(project, watermark, to), SliceRow::read)
                                        .collectList(),
                                catalog(database, project))
                        .publishOn(CpuWork.SCHEDULER)
                        .filter(parts -> parts.getT1().size() <= MAX_EVENTS)
                        .map(parts -> new PreparedSeal(
                                watermark,
                                to,
                                parts.getT1().size(),
                                aggregate(project, parts.getT2(), parts.getT1()))));
    }

    /** Whether, under the lock, the slice from {@code watermark} is still exactly the one prepared. */
    Mono<Boolean> stillCurrent(Connection connection, ProjectId project, Instant watermark) {
        if (!watermark.equals(this.watermark)) {
            return Mono.just(false);
        }
        return PostgresDatabase.query(
                        connection,
                        new SqlStatement(
                                "SELECT count(*) FROM events WHERE project_id = $1 " + "AND ts >= $2 AND ts < $3",
                                List.of(project.value(), utc(watermark), utc(to))),
                        row -> Objects.requireNonNull(row.get(0, Long.class)))
                .single()
                .map(count -> count == events);
    }

    /** The ready statements of this rollup; null if it was defined (or redefined) since. */
    @Nullable
    List<RowWrite> statements(RollupCatalog.StoredRollup stored) {
        Prepared prepared = byRollup.get(stored.id());
        return prepared != null && prepared.stored().rollup().equals(stored.rollup()) ? prepared.statements() : null;
    }

    private static Mono<List<RollupCatalog.StoredRollup>> catalog(PostgresDatabase database, ProjectId project) {
        return database.inTransaction(connection -> RollupCatalog.rollups(connection, project));
    }

    /** An event of the slice with the numbers of its user and session. */
    private record SliceRow(
            Event event,
            @Nullable Integer userNumber,
            @Nullable Integer sessionNumber) {

        static SliceRow read(io.r2dbc.spi.Readable row) {
            return new SliceRow(
                    EventRows.withoutProperties(row), row.get(13, Integer.class), row.get(14, Integer.class));
        }
    }

    private static Map<Integer, Prepared> aggregate(
            ProjectId project, List<RollupCatalog.StoredRollup> rollups, List<SliceRow> rows) {
        List<Event> events = rows.stream().map(SliceRow::event).toList();
        Map<String, Integer> users = new java.util.HashMap<>();
        Map<String, Integer> sessions = new java.util.HashMap<>();
        for (SliceRow row : rows) {
            if (row.event().userId() != null && row.userNumber() != null) {
                users.put(row.event().userId(), row.userNumber());
            }
            if (row.event().sessionId() != null && row.sessionNumber() != null) {
                sessions.put(row.event().sessionId(), row.sessionNumber());
            }
        }
        MemberNumbers.Numbered numbers = new MemberNumbers.Numbered(users, sessions);
        return rollups.stream()
                .collect(Collectors.toMap(
                        RollupCatalog.StoredRollup::id,
                        stored -> new Prepared(stored, RollupDeltas.statements(stored, project, events, numbers))));
    }

    /** One row more than {@link #MAX_EVENTS} tells a slice too large to prepare. */
    private static SqlStatement slice(ProjectId project, Instant from, Instant to) {
        return new SqlStatement(
                "SELECT e.id, e.ts, e.type, e.user_id, e.session_id, e.country, e.device, e.browser, "
                        + "e.os, e.page, e.referrer, e.revenue, NULL::text, e.user_no, e.session_no FROM events e "
                        + "WHERE e.project_id = $1 AND "
                        + "e.ts >= $2 AND e.ts < $3 LIMIT $4",
                List.of(project.value(), utc(from), utc(to), MAX_EVENTS + 1));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
