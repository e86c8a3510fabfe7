package io.eventlens.clickhouse;

import io.eventlens.core.event.EventColumn;
import io.eventlens.core.expression.EmptyMetricValues;
import io.eventlens.core.query.BucketSeries;
import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.QueryMeta;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.ReportRow;
import io.eventlens.core.query.TimeRange;
import io.eventlens.core.report.ReportExtension;
import io.eventlens.core.report.ReportExtension.Slot;
import io.eventlens.core.report.TotalsFromBuckets;
import io.eventlens.core.rollup.ReportPlan;
import io.eventlens.core.rollup.ReportPlanner;
import io.eventlens.core.rollup.Rollup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Answers reports: the top dimension tuples first, then (with granularity) their metrics per bucket, zero-filled
 * here; the others row and the previous period are computed over the tuples the report returned.
 */
final class ClickHouseReports {

    /**
     * A rollup keeping every column: where even it cannot answer (custom metrics, property dimensions, per-session
     * metrics, numeric filters), no rollup can, and the project's rollups need not be read.
     */
    private static final Rollup EVERY_COLUMN =
            new Rollup("every_column", Duration.ofDays(1), EnumSet.allOf(EventColumn.class));

    private final ClickHouseDatabase database;
    private final ClickHouseRollups rollups;

    ClickHouseReports(ClickHouseDatabase database, ClickHouseRollups rollups) {
        this.database = database;
        this.rollups = rollups;
    }

    /** A result row: dimension texts, the bucket index (0 without buckets), metric values and the event count. */
    private record Cells(List<@Nullable String> dimensions, int bucket, List<@Nullable Double> values, long events) {}

    Mono<Report> answer(ReportQuery query) {
        return Mono.defer(() -> {
            long started = System.nanoTime();
            return plan(query).flatMap(plan -> answer(query, plan, started));
        });
    }

    /** The class of the report's read, from its plan. */
    Mono<io.eventlens.core.storage.WorkloadClass> workload(ReportQuery query) {
        return plan(query).map(planned -> io.eventlens.core.storage.WorkloadClass.of(planned.plan()));
    }

    /** Where the report is read from, decided by the engine-neutral planner over the project's rollups. */
    private Mono<RollupRows> plan(ReportQuery query) {
        if (query.sources() == ReportQuery.Sources.EVENTS_ONLY || !ReportPlanner.answers(EVERY_COLUMN, query)) {
            return Mono.just(new RollupRows(ReportPlan.eventsOnly(query.range()), Map.of()));
        }
        return rollups.readable(query.project())
                .map(readable -> new RollupRows(
                        ReportPlanner.plan(query, readable.coverages()),
                        readable.keys(),
                        io.eventlens.core.rollup.ColumnsRead.by(query)));
    }

    private Mono<Report> answer(ReportQuery query, RollupRows planned, long started) {
        int metrics = query.metrics().size();
        ReportPlan plan = planned.plan();
        RollupRows source = plan.eventsOnly() ? null : planned;
        // Not cache()d to share one statement between rows and totals: a cached source runs on when its subscribers
        // go away, and an abandoned read would keep running on the server.
        Mono<List<ReportRow>> rows = rows(query, source);
        // Without dimensions or buckets the single row is the totals, and buckets of what adds up sum to them: one
        // statement instead of two.
        Mono<reactor.util.function.Tuple2<List<ReportRow>, List<@Nullable Double>>> answered =
                query.dimensions().isEmpty() && query.granularity() == null
                        ? rows.map(r ->
                                reactor.util.function.Tuples.of(r, r.getFirst().values()))
                        : TotalsFromBuckets.apply(query)
                                ? rows.map(r -> reactor.util.function.Tuples.of(r, TotalsFromBuckets.of(query, r)))
                                : Mono.zip(
                                        rows,
                                        database.query(ReportQueries.totals(query, source), row -> values(row, metrics))
                                                .single());
        // The others row and the previous period read raw events: they are computed over other tuples and ranges
        // than the plan's.
        return answered.map(result -> new Report(
                        query.columns(),
                        result.getT1(),
                        result.getT2(),
                        new QueryMeta((System.nanoTime() - started) / 1e6, plan.source(), plan.approximate())))
                .flatMap(report -> ReportExtension.needed(query)
                        ? ReportExtension.extend(query, report, new ExtensionReads(query))
                        : Mono.just(report));
    }

    private Mono<List<ReportRow>> rows(ReportQuery query, @Nullable RollupRows source) {
        int dimensions = query.dimensions().size();
        int metrics = query.metrics().size();
        Mono<List<Cells>> grouped = database.query(
                        ReportQueries.grouped(query, source),
                        row -> new Cells(texts(row, dimensions), 0, values(row, metrics), 0))
                .collectList();
        Granularity granularity = query.granularity();
        if (granularity == null) {
            return grouped.map(cells -> cells.stream()
                    .map(c -> new ReportRow(null, c.dimensions(), c.values()))
                    .toList());
        }
        List<Instant> starts = BucketSeries.covering(query.range(), granularity, query.zone());
        Mono<List<List<@Nullable String>>> series = dimensions == 0
                ? Mono.just(List.of(List.of()))
                : grouped.map(cells -> cells.stream().map(Cells::dimensions).toList());
        return series.flatMap(tuples -> {
            if (tuples.isEmpty()) {
                return Mono.just(List.<ReportRow>of());
            }
            return bucketed(query, query.range(), starts, tuples, ReportQueries.Scope.MATCHING, source)
                    .map(cells -> {
                        List<@Nullable Double> zeros = EmptyMetricValues.of(query);
                        List<ReportRow> rows = new ArrayList<>();
                        for (int b = 0; b < starts.size(); b++) {
                            var bucket = starts.get(b).atZone(query.zone()).toOffsetDateTime();
                            for (List<@Nullable String> tuple : tuples) {
                                Cells found = cells.get(new Slot(tuple, b + 1));
                                rows.add(new ReportRow(bucket, tuple, found == null ? zeros : found.values()));
                            }
                        }
                        return rows;
                    });
        });
    }

    private Mono<Map<Slot, Cells>> bucketed(
            ReportQuery query,
            TimeRange range,
            @Nullable List<Instant> starts,
            List<List<@Nullable String>> tuples,
            ReportQueries.Scope scope,
            @Nullable RollupRows source) {
        int dimensions =
                scope == ReportQueries.Scope.REMAINING ? 0 : query.dimensions().size();
        int metrics = query.metrics().size();
        return database.query(ReportQueries.bucketed(query, range, starts, tuples, scope, source), row -> {
                    List<@Nullable String> texts = texts(row, dimensions);
                    int bucket = starts == null ? 0 : integer(row.get("bucket"));
                    return new Cells(texts, bucket, values(row, metrics), integer(row.get("n")));
                })
                .collectMap(cells -> new Slot(cells.dimensions(), cells.bucket()), cells -> cells)
                .map(map -> (Map<Slot, Cells>) map);
    }

    /** The others row's and the previous period's metrics, read as the report's own buckets are. */
    private final class ExtensionReads implements ReportExtension.Reads {

        private final ReportQuery query;

        ExtensionReads(ReportQuery query) {
            this.query = query;
        }

        @Override
        public Mono<Optional<List<@Nullable Double>>> others(TimeRange range, List<List<@Nullable String>> tuples) {
            return bucketed(query, range, null, tuples, ReportQueries.Scope.REMAINING, null)
                    .map(cells -> cells.values().stream()
                            .filter(c -> c.events() > 0)
                            .findFirst()
                            .map(Cells::values));
        }

        @Override
        public Mono<Map<Slot, List<@Nullable Double>>> previous(
                TimeRange range, @Nullable List<Instant> starts, List<List<@Nullable String>> tuples) {
            ReportQueries.Scope scope =
                    query.dimensions().isEmpty() ? ReportQueries.Scope.ALL : ReportQueries.Scope.MATCHING;
            return bucketed(query, range, starts, tuples, scope, null).map(cells -> {
                Map<Slot, List<@Nullable Double>> values = new HashMap<>();
                cells.forEach((slot, found) -> values.put(slot, found.values()));
                return values;
            });
        }
    }

    private static List<@Nullable String> texts(ResultRow row, int count) {
        List<@Nullable String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            texts.add(row.get("d" + i, String.class));
        }
        return texts;
    }

    /** Columns are read by name: the driver's positional metadata is off by one (see the module README). */
    static List<@Nullable Double> values(ResultRow row, int count) {
        List<@Nullable Double> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Object value = row.get("m" + i);
            values.add(value == null ? null : ((Number) value).doubleValue());
        }
        return values;
    }

    static int integer(@Nullable Object value) {
        return value == null ? 0 : ((Number) value).intValue();
    }
}
