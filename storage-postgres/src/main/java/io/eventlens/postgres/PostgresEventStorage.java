package io.eventlens.postgres;

import io.eventlens.core.ProjectId;
import io.eventlens.core.analysis.Funnel;
import io.eventlens.core.analysis.FunnelQuery;
import io.eventlens.core.analysis.Retention;
import io.eventlens.core.analysis.RetentionQuery;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.EventPage;
import io.eventlens.core.query.EventPageQuery;
import io.eventlens.core.query.Overview;
import io.eventlens.core.query.OverviewQuery;
import io.eventlens.core.query.QueryMeta;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.storage.EventStorage;
import io.eventlens.core.storage.WriteResult;
import java.util.List;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** {@link EventStorage} on PostgreSQL: bulk writes into monthly partitions, reports compiled to SQL. */
final class PostgresEventStorage implements EventStorage {

    private final PostgresDatabase database;
    private final EventBatchWriter writer;
    private final EventRows eventRows;
    private final PostgresFunnels funnels;
    private final PostgresRetention retention;

    PostgresEventStorage(PostgresDatabase database, MonthlyPartitions partitions, JsonMapper json) {
        this.database = database;
        this.writer = new EventBatchWriter(database, partitions, json, EventBatchWriter.DEFAULT_CHUNK_SIZE);
        this.eventRows = new EventRows(json);
        this.funnels = new PostgresFunnels(database);
        this.retention = new PostgresRetention(database);
    }

    @Override
    public Mono<WriteResult> write(ProjectId project, List<Event> events) {
        return writer.write(project, List.copyOf(events));
    }

    @Override
    public Mono<Report> report(ReportQuery query) {
        return Mono.defer(() -> {
            long started = System.nanoTime();
            CompiledReport compiled = PostgresReportCompiler.compile(query);
            int dimensions = query.dimensions().size();
            int metrics = query.metrics().size();
            // Rows and totals run concurrently on two connections.
            Mono<List<ReportAssembler.ResultRow>> rows = database
                    .query(compiled.rows(), row -> ReportAssembler.read(row, compiled, dimensions, metrics))
                    .collectList();
            Mono<List<@org.jspecify.annotations.Nullable Double>> totals = database.query(compiled.totals(), row -> ReportAssembler.readTotals(row, metrics))
                    .single();
            return Mono.zip(rows, totals).map(result -> ReportAssembler.assemble(query, compiled,
                    result.getT1(), result.getT2(),
                    QueryMeta.exactFromEvents().withTookMs((System.nanoTime() - started) / 1_000_000.0)))
                    .flatMap(report -> ReportExtensions.needed(query)
                            ? ReportExtensions.extend(query, report, database)
                            : Mono.just(report));
        });
    }

    @Override
    public Mono<Overview> overview(OverviewQuery query) {
        return Mono.defer(() -> database.query(EventQueries.overview(query), row -> new Overview(
                number(row.get(0)), number(row.get(1)), number(row.get(2)),
                ((Number) java.util.Objects.requireNonNull(row.get(3))).doubleValue(), number(row.get(4))))
                .single());
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

    private static long number(Object value) {
        return ((Number) value).longValue();
    }
}
