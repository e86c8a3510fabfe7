package io.eventlens.postgres;

import io.eventlens.core.query.BucketSeries;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.ReportRow;
import io.eventlens.core.query.TimeRange;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Adds the others row and the previous period's values to a report already answered: both are computed over the
 * dimension tuples the report returned, so they agree with its rows whatever the ordering and limit.
 */
final class ReportExtensions {

    private ReportExtensions() {}

    static boolean needed(ReportQuery query) {
        return query.includeOthers() || query.compare() != null;
    }

    static Mono<Report> extend(ReportQuery query, Report report, PostgresDatabase database, PromotedColumns promoted) {
        List<List<@Nullable String>> tuples = tuples(report);
        Mono<Optional<ReportRow>> others = query.includeOthers()
                ? others(query, query.range(), tuples, database, promoted)
                        .map(values -> values.map(v -> new ReportRow(
                                null,
                                Collections.nCopies(query.dimensions().size(), ReportRow.OTHERS),
                                v,
                                null,
                                null,
                                true)))
                : Mono.just(Optional.empty());
        return others.flatMap(row -> {
                    List<ReportRow> rows = new ArrayList<>(report.rows());
                    row.ifPresent(rows::add);
                    if (query.compare() == null) {
                        return Mono.just(rows);
                    }
                    return compared(query, rows, tuples, database, promoted);
                })
                .map(rows -> new Report(report.columns(), rows, report.totals(), report.meta()));
    }

    /** The returned dimension tuples in first-seen order; their position is the SQL's 1-based tuple index. */
    private static List<List<@Nullable String>> tuples(Report report) {
        LinkedHashSet<List<@Nullable String>> tuples = new LinkedHashSet<>();
        report.rows().forEach(row -> tuples.add(row.dimensions()));
        return new ArrayList<>(tuples);
    }

    /** The metrics over the events outside the tuples, or empty when there are none. */
    private static Mono<Optional<List<@Nullable Double>>> others(
            ReportQuery query,
            TimeRange range,
            List<List<@Nullable String>> tuples,
            PostgresDatabase database,
            PromotedColumns promoted) {
        int metrics = query.metrics().size();
        return database.query(
                        ReportExtensionQueries.aggregate(
                                query, range, tuples, ReportExtensionQueries.Scope.REMAINING, null, promoted),
                        row -> {
                            List<@Nullable Double> values = values(row, 0, metrics);
                            long count = ((Number) java.util.Objects.requireNonNull(row.get(metrics))).longValue();
                            return count == 0 ? Optional.<List<@Nullable Double>>empty() : Optional.of(values);
                        })
                .single();
    }

    private static Mono<List<ReportRow>> compared(
            ReportQuery query,
            List<ReportRow> rows,
            List<List<@Nullable String>> tuples,
            PostgresDatabase database,
            PromotedColumns promoted) {
        TimeRange previous = query.previousRange();
        int metrics = query.metrics().size();
        boolean perTuple = !query.dimensions().isEmpty();
        List<Instant> currentStarts = query.granularity() == null
                ? List.of()
                : BucketSeries.covering(query.range(), query.granularity(), query.zone());
        List<Instant> previousStarts =
                query.granularity() == null ? null : BucketSeries.covering(previous, query.granularity(), query.zone());
        record Key(int tuple, int bucket) {}
        Mono<Map<Key, List<@Nullable Double>>> matching = database.query(
                        ReportExtensionQueries.aggregate(
                                query,
                                previous,
                                tuples,
                                ReportExtensionQueries.Scope.MATCHING,
                                previousStarts,
                                promoted),
                        row -> {
                            int column = 0;
                            int tuple = perTuple
                                    ? ((Number) java.util.Objects.requireNonNull(row.get(column++))).intValue()
                                    : 1;
                            int bucket = previousStarts == null
                                    ? 1
                                    : ((Number) java.util.Objects.requireNonNull(row.get(column++))).intValue();
                            return Map.entry(new Key(tuple, bucket), values(row, column, metrics));
                        })
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
        boolean hasOthers = rows.stream().anyMatch(ReportRow::others);
        Mono<Optional<List<@Nullable Double>>> previousOthers =
                hasOthers ? others(query, previous, tuples, database, promoted) : Mono.just(Optional.empty());
        List<@Nullable Double> zeros = io.eventlens.core.expression.EmptyMetricValues.of(query);
        List<@Nullable Double> missing = Collections.nCopies(metrics, null);
        return Mono.zip(matching, previousOthers).map(result -> {
            Map<List<@Nullable String>, Integer> positions = new HashMap<>();
            for (int i = 0; i < tuples.size(); i++) {
                positions.put(tuples.get(i), i + 1);
            }
            List<ReportRow> compared = new ArrayList<>();
            for (ReportRow row : rows) {
                if (row.others()) {
                    compared.add(row.compared(result.getT2().orElse(zeros)));
                    continue;
                }
                int bucket = 1;
                if (row.bucket() != null) {
                    // Bucket i of the previous period answers bucket i of this one.
                    bucket = currentStarts.indexOf(row.bucket().toInstant()) + 1;
                    if (previousStarts == null || bucket > previousStarts.size()) {
                        compared.add(row.compared(missing));
                        continue;
                    }
                }
                // tuples are these rows' own dimensions: every row that is not "others" has its position.
                int tuple = perTuple ? java.util.Objects.requireNonNull(positions.get(row.dimensions()), "tuple") : 1;
                compared.add(row.compared(result.getT1().getOrDefault(new Key(tuple, bucket), zeros)));
            }
            return compared;
        });
    }

    private static List<@Nullable Double> values(Readable row, int from, int count) {
        List<@Nullable Double> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Object value = row.get(from + i);
            values.add(value == null ? null : ((Number) value).doubleValue());
        }
        return values;
    }
}
