package io.eventlens.clickhouse;

import io.eventlens.core.ProjectId;
import io.eventlens.core.analysis.Funnel;
import io.eventlens.core.analysis.FunnelQuery;
import io.eventlens.core.analysis.Retention;
import io.eventlens.core.analysis.RetentionQuery;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.EventPage;
import io.eventlens.core.query.EventPageQuery;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.storage.EventStorage;
import io.eventlens.core.storage.GroupCommit;
import io.eventlens.core.storage.ProjectWriteLock;
import io.eventlens.core.storage.WriteResult;
import java.util.List;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** {@link EventStorage} on ClickHouse: bulk JSONEachRow writes into a MergeTree, reports compiled to SQL. */
final class ClickHouseEventStorage implements EventStorage {

    private final ClickHouseDatabase database;
    private final EventBatchWriter writer;
    private final EventRows eventRows;
    private final ClickHouseReports reports;
    private final ClickHouseFunnels funnels;
    private final ClickHouseRetention retention;
    private final ProjectWrites writes;
    private final GroupCommit groupCommit;
    private final ClickHouseRollups rollups;

    /** One instance alone writing to the database: its writes need no lock across instances. */
    ClickHouseEventStorage(ClickHouseDatabase database, JsonMapper json) {
        this(database, json, ProjectWriteLock.THIS_INSTANCE_ONLY);
    }

    /**
     * Expects the tables of {@link ClickHouseSchema} and {@link RollupSchema}; {@code writeLock} is held around each
     * write and backfill of a project, so instances sharing the database never store or roll up an event twice.
     */
    ClickHouseEventStorage(ClickHouseDatabase database, JsonMapper json, ProjectWriteLock writeLock) {
        this.database = database;
        this.writer = new EventBatchWriter(database, json, EventBatchWriter.DEFAULT_CHUNK_SIZE);
        this.eventRows = new EventRows(json);
        this.writes = new ProjectWrites(writeLock);
        this.rollups = new ClickHouseRollups(database, writes);
        // One write of a project at a time (see ProjectWrites for why rollups need it); the batches that wait for it
        // are joined into the next one: one id lookup and one insert, so fewer parts for ClickHouse to merge.
        this.groupCommit = new GroupCommit(
                (project, batch) -> writes.serialized(project, () -> writer.write(project, batch)),
                1,
                MAX_JOINED_EVENTS);
        this.reports = new ClickHouseReports(database, rollups);
        this.funnels = new ClickHouseFunnels(database);
        this.retention = new ClickHouseRetention(database);
    }

    /** The most events joined into one write: a few batches, well under one insert's chunk. */
    static final int MAX_JOINED_EVENTS = 10_000;

    @Override
    public Mono<WriteResult> write(ProjectId project, List<Event> events) {
        return groupCommit.write(project, List.copyOf(events));
    }

    @Override
    public ClickHouseRollups rollups() {
        return rollups;
    }

    @Override
    public Mono<Void> ping() {
        return database.query(new SqlStatement("SELECT 1", List.of()), row -> 1).then();
    }

    @Override
    public Mono<Report> report(ReportQuery query) {
        return reports.answer(query);
    }

    @Override
    public Mono<io.eventlens.core.storage.WorkloadClass> workload(ReportQuery query) {
        return reports.workload(query);
    }

    @Override
    public Mono<EventPage> events(EventPageQuery query) {
        return Mono.defer(() -> database.query(EventQueries.page(query), eventRows::read)
                .collectList()
                .map(events -> events.size() > query.first()
                        ? new EventPage(events.subList(0, query.first()), true)
                        : new EventPage(events, false)));
    }

    @Override
    public Mono<Funnel> funnel(FunnelQuery query) {
        return funnels.answer(query);
    }

    @Override
    public Mono<Retention> retention(RetentionQuery query) {
        return retention.answer(query);
    }
}
