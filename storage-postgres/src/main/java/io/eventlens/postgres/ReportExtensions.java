package io.eventlens.postgres;

import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.TimeRange;
import io.eventlens.core.report.ReportExtension;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Reads the others row and the previous period's values of a report already answered; {@link ReportExtension}
 * places them. Tuples are passed to the SQL in order and come back as their 1-based position.
 */
final class ReportExtensions implements ReportExtension.Reads {

    private final ReportQuery query;
    private final PostgresDatabase database;
    private final PromotedColumns promoted;

    private ReportExtensions(ReportQuery query, PostgresDatabase database, PromotedColumns promoted) {
        this.query = query;
        this.database = database;
        this.promoted = promoted;
    }

    static Mono<Report> extend(ReportQuery query, Report report, PostgresDatabase database, PromotedColumns promoted) {
        return ReportExtension.extend(query, report, new ReportExtensions(query, database, promoted));
    }

    @Override
    public Mono<Optional<List<@Nullable Double>>> others(TimeRange range, List<List<@Nullable String>> tuples) {
        int metrics = query.metrics().size();
        return database.query(
                        ReportExtensionQueries.aggregate(
                                query, range, tuples, ReportExtensionQueries.Scope.REMAINING, null, promoted),
                        row -> {
                            List<@Nullable Double> values = values(row, 0, metrics);
                            long count = ((Number) Objects.requireNonNull(row.get(metrics))).longValue();
                            return count == 0 ? Optional.<List<@Nullable Double>>empty() : Optional.of(values);
                        })
                .single();
    }

    @Override
    public Mono<Map<ReportExtension.Slot, List<@Nullable Double>>> previous(
            TimeRange range, @Nullable List<Instant> starts, List<List<@Nullable String>> tuples) {
        int metrics = query.metrics().size();
        boolean perTuple = !query.dimensions().isEmpty();
        return database.query(
                        ReportExtensionQueries.aggregate(
                                query, range, tuples, ReportExtensionQueries.Scope.MATCHING, starts, promoted),
                        row -> {
                            int column = 0;
                            List<@Nullable String> tuple = perTuple
                                    ? tuples.get(((Number) Objects.requireNonNull(row.get(column++))).intValue() - 1)
                                    : List.of();
                            int bucket = starts == null
                                    ? 0
                                    : ((Number) Objects.requireNonNull(row.get(column++))).intValue();
                            return Map.entry(new ReportExtension.Slot(tuple, bucket), values(row, column, metrics));
                        })
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
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
