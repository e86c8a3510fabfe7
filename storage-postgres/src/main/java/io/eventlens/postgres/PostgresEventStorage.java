package io.eventlens.postgres;

import io.eventlens.core.ProjectId;
import io.eventlens.core.analysis.Funnel;
import io.eventlens.core.analysis.FunnelQuery;
import io.eventlens.core.analysis.Retention;
import io.eventlens.core.analysis.RetentionQuery;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.EventPage;
import io.eventlens.core.query.EventPageQuery;
import io.eventlens.core.query.QueryMeta;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.rollup.ReportPlan;
import io.eventlens.core.rollup.ReportPlanner;
import io.eventlens.core.storage.EventStorage;
import io.eventlens.core.storage.GroupCommit;
import io.eventlens.core.storage.ReadHints;
import io.eventlens.core.storage.WriteResult;
import io.r2dbc.spi.Readable;
import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

/** {@link EventStorage} on PostgreSQL: bulk writes into monthly partitions, reports compiled to SQL. */
final class PostgresEventStorage implements EventStorage {

    private final PostgresDatabase database;
    private final EventBatchWriter writer;
    private final GroupCommit groupCommit;
    private final EventRows eventRows;
    private final PostgresFunnels funnels;
    private final PostgresRetention retention;
    private final PlanningViews planningViews;
    private final PostgresRollups rollups;
    private final StorageUsageQuery usage;
    private final PostgresPromotions promotions;
    /** 64 MB: the sets of a few hundred week-long reports' shapes at 10M events. */
    private final MemberSetCache memberSets = new MemberSetCache(64L << 20);

    PostgresEventStorage(PostgresDatabase database, MonthlyPartitions partitions, JsonMapper json) {
        this.database = database;
        this.planningViews = new PlanningViews(new RollupCatalog(database));
        RollupSealer sealer = new RollupSealer(database, planningViews::forget);
        this.rollups = new PostgresRollups(database, sealer, planningViews::forget);
        this.usage = new StorageUsageQuery(database);
        this.promotions = new PostgresPromotions(database, PromotionBackfill.DEFAULT_CHUNK_ROWS);
        this.writer = new EventBatchWriter(
                database, partitions, json, EventBatchWriter.DEFAULT_CHUNK_SIZE, new RollupDeltas(sealer));
        this.groupCommit = new GroupCommit(writer::write, WRITES_IN_FLIGHT, EventBatchWriter.DEFAULT_CHUNK_SIZE);
        this.eventRows = new EventRows(json);
        this.funnels = new PostgresFunnels(database);
        this.retention = new PostgresRetention(database);
    }

    /**
     * A project's writes at once: two, so one write's statements run while the next one is being prepared here (its
     * member numbers and rollup cells); batches arriving meanwhile join the next write ({@link GroupCommit}).
     */
    static final int WRITES_IN_FLIGHT = 2;

    @Override
    public Mono<WriteResult> write(ProjectId project, List<Event> events) {
        return groupCommit.write(project, List.copyOf(events));
    }

    @Override
    public Mono<io.eventlens.core.storage.StorageUsage> usage(ProjectId project) {
        return usage.usage(project);
    }

    @Override
    public Mono<Void> ping() {
        return database.query(new SqlStatement("SELECT 1", java.util.List.of()), row -> 1)
                .then();
    }

    @Override
    public PostgresRollups rollups() {
        return rollups;
    }

    @Override
    public PostgresPromotions promotions() {
        return promotions;
    }

    /** Plans made on a view the rollups outgrew are planned again; more than this many times in a row fails. */
    static final int PLAN_ATTEMPTS = 3;

    private final java.util.concurrent.atomic.AtomicLong replanned = new java.util.concurrent.atomic.AtomicLong();

    @Override
    public Mono<Report> report(ReportQuery query) {
        return Mono.defer(() -> {
                    long started = System.nanoTime();
                    return (query.sources() == ReportQuery.Sources.EVENTS_ONLY
                                    ? Mono.just(RowSource.EVENTS)
                                    : rowSource(query))
                            .flatMap(rows -> promotions
                                    .columns(query.project())
                                    .flatMap(columns -> report(query, rows, columns, started)));
                })
                .retryWhen(Retry.max(1)
                        .filter(StorageFailures::columnGone)
                        // Compiled just before a demoted column was dropped (another instance, or a refresh): read the
                        // JSON.
                        .doBeforeRetryAsync(signal -> promotions.reload().then())
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                .retryWhen(Retry.max(PLAN_ATTEMPTS - 1)
                        .filter(StorageFailures::planOutdated)
                        .doBeforeRetry(signal -> {
                            replanned.incrementAndGet();
                            planningViews.forget(query.project());
                        })
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
    }

    @Override
    public Mono<io.eventlens.core.storage.WorkloadClass> workload(ReportQuery query) {
        // Classed by the planner's own plan: RowSource.EVENTS stands for any raw read and says nothing of its range.
        return query.sources() == ReportQuery.Sources.EVENTS_ONLY
                ? Mono.just(io.eventlens.core.storage.WorkloadClass.of(ReportPlan.eventsOnly(query.range())))
                : planningViews
                        .current(query.project())
                        .map(view -> io.eventlens.core.storage.WorkloadClass.of(plan(query, view)));
    }

    private static ReportPlan plan(ReportQuery query, RollupCatalog.PlanningView view) {
        return ReportPlanner.plan(
                query,
                view.covered().stream()
                        .map(RollupCatalog.StoredRollup::coverage)
                        .filter(java.util.Objects::nonNull)
                        .toList());
    }

    /** Plans the report over the rollups that hold something for its project. */
    private Mono<RowSource> rowSource(ReportQuery query) {
        return planningViews.current(query.project()).map(view -> {
            ReportPlan plan = plan(query, view);
            java.util.Map<io.eventlens.core.rollup.Rollup, Integer> ids = new java.util.HashMap<>();
            view.covered().forEach(s -> ids.put(s.rollup(), s.id()));
            return plan.eventsOnly()
                    ? RowSource.EVENTS
                    : new RowSource(plan, ids, view.generation(), io.eventlens.core.rollup.ColumnsRead.by(query));
        });
    }

    private Mono<Report> report(ReportQuery query, RowSource source, PromotedColumns columns, long started) {
        CompiledReport compiled = PostgresReportCompiler.compile(query, source, columns);
        int dimensions = query.dimensions().size();
        int metrics = query.metrics().size();
        // No cache() to share the rows statement's result: a cached source runs on when its subscribers go away,
        // and an abandoned scan would keep its connection and a core until its end. Each statement runs once.
        MemberSetCache.Bound rows = memberSets.bind(compiled.rows());
        Mono<List<ReportAssembler.ResultRow>> all = query(
                        source,
                        rows.statement(),
                        row -> ReportAssembler.read(row, compiled, dimensions, metrics, rows.cells()))
                .collectList()
                .doOnNext(answer -> memberSets.remember(rows));
        // One statement gives the rows and the totals where it can (one plan, one scan, one snapshot); a separate
        // totals statement runs concurrently on a second connection.
        Mono<RowsAndTotals> answered = switch (compiled.totalsFrom()) {
            case SINGLE_ROW ->
                all.map(result -> new RowsAndTotals(result, result.getFirst().values()));
            case FLAGGED_ROW, FROM_GROUPS ->
                all.map(result -> {
                    List<ReportAssembler.ResultRow> groups =
                            result.stream().filter(row -> !row.total()).toList();
                    ReportAssembler.ResultRow totalRow = result.stream()
                            .filter(ReportAssembler.ResultRow::total)
                            .findFirst()
                            .orElseThrow();
                    return new RowsAndTotals(
                            groups,
                            compiled.totalsFrom() == CompiledReport.Totals.FROM_GROUPS
                                    ? ReportAssembler.totalsFromGroups(totalRow, groups)
                                    : totalRow.values());
                });
            case SEPARATE -> {
                MemberSetCache.Bound totals = memberSets.bind(java.util.Objects.requireNonNull(compiled.totals()));
                yield Mono.zip(
                                all,
                                query(
                                                source,
                                                totals.statement(),
                                                row -> ReportAssembler.readTotals(row, metrics, totals.cells()))
                                        .single()
                                        .doOnNext(answer -> memberSets.remember(totals)))
                        .map(result -> new RowsAndTotals(result.getT1(), result.getT2()));
            }
        };
        return answered.map(result -> ReportAssembler.assemble(
                        query,
                        compiled,
                        result.rows(),
                        result.totals(),
                        new QueryMeta(
                                (System.nanoTime() - started) / 1_000_000.0,
                                source.plan().source(),
                                source.plan().approximate())))
                .flatMap(report -> io.eventlens.core.report.ReportExtension.needed(query)
                        ? ReportExtensions.extend(query, report, database, columns)
                        : Mono.just(report))
                .flatMap(report -> Mono.deferContextual(context -> ReadHints.isExplained(context)
                        ? explain(compiled)
                                .map(timings -> report.withMeta(report.meta().withStatements(timings)))
                        : Mono.just(report)));
    }

    /** A report's statement over rollups runs where it is planned once; over raw events, planned per request. */
    private <T> Flux<T> query(RowSource source, SqlStatement statement, Function<Readable, T> mapper) {
        return source.weighted() ? database.queryOverRollups(statement, mapper) : database.query(statement, mapper);
    }

    /** A report's rows and its totals, as the statements answered them. */
    private record RowsAndTotals(
            List<ReportAssembler.ResultRow> rows, List<@org.jspecify.annotations.Nullable Double> totals) {}

    /** The report's statements run again under EXPLAIN ANALYZE, one after the other so their times do not mix. */
    private Mono<List<io.eventlens.core.query.StatementTiming>> explain(CompiledReport compiled) {
        return reactor.core.publisher.Flux.fromIterable(
                        compiled.totals() == null
                                ? List.of(compiled.rows())
                                : List.of(compiled.rows(), compiled.totals()))
                .concatMap(
                        statement -> StatementExplainer.explain(database, MemberSetCache.bindNothingKnown(statement)))
                .collectList();
    }

    /** The member sets this engine holds for reports it answered. */
    MemberSetCache memberSets() {
        return memberSets;
    }

    /** How many reports were planned again because the rollups changed under their first plan. */
    long replanned() {
        return replanned.get();
    }

    @Override
    public Mono<EventPage> events(EventPageQuery query) {
        return withPromoted(
                query.project(),
                columns -> database.query(EventQueries.page(query, columns), eventRows::read)
                        .collectList()
                        .map(events -> events.size() > query.first()
                                ? new EventPage(events.subList(0, query.first()), true)
                                : new EventPage(events, false)));
    }

    /**
     * Runs a read with the project's promoted columns as loaded now; a read compiled just before a demoted column was
     * dropped (here by a refresh, or by another instance) runs once more on what is loaded then.
     */
    private <T> Mono<T> withPromoted(ProjectId project, java.util.function.Function<PromotedColumns, Mono<T>> read) {
        return Mono.defer(() -> promotions.columns(project))
                .flatMap(read)
                .retryWhen(Retry.max(1)
                        .filter(StorageFailures::columnGone)
                        .doBeforeRetryAsync(signal -> promotions.reload().then())
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
    }

    @Override
    public Mono<Funnel> funnel(FunnelQuery query) {
        return withPromoted(query.project(), columns -> funnels.answer(query, columns));
    }

    @Override
    public Mono<Retention> retention(RetentionQuery query) {
        return withPromoted(query.project(), columns -> retention.answer(query, columns));
    }
}
