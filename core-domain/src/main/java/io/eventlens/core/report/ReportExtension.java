package io.eventlens.core.report;

import io.eventlens.core.expression.EmptyMetricValues;
import io.eventlens.core.query.BucketSeries;
import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.ReportRow;
import io.eventlens.core.query.TimeRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Adds the others row and the previous period's values to a report already answered. Both are computed over the
 * dimension tuples the report returned, so they agree with its rows whatever the ordering and limit; an engine only
 * reads the numbers ({@link Reads}), and every engine places them the same way.
 */
public final class ReportExtension {

    private ReportExtension() {}

    /**
     * Where a previous-period value belongs: one of the returned tuples (the empty tuple for a report without
     * dimensions) and the 1-based index of its bucket in the previous period, 0 for a report without granularity.
     */
    public record Slot(List<@Nullable String> tuple, int bucket) {}

    /** What an engine reads for the extension; each read covers the report's filters over {@code range}. */
    public interface Reads {

        /** The metrics over the events outside every one of {@code tuples}, or empty when there are none. */
        Mono<Optional<List<@Nullable Double>>> others(TimeRange range, List<List<@Nullable String>> tuples);

        /**
         * The metrics per tuple and bucket of the previous period, for the slots that have events.
         *
         * @param starts the previous period's bucket starts; null for a report without granularity
         */
        Mono<Map<Slot, List<@Nullable Double>>> previous(
                TimeRange range, @Nullable List<Instant> starts, List<List<@Nullable String>> tuples);
    }

    /** Whether the report asks for anything this class adds. */
    public static boolean needed(ReportQuery query) {
        return query.includeOthers() || query.compare() != null;
    }

    public static Mono<Report> extend(ReportQuery query, Report report, Reads reads) {
        List<List<@Nullable String>> tuples = tuples(report);
        Mono<Optional<ReportRow>> others = query.includeOthers()
                ? reads.others(query.range(), tuples)
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
                    return query.compare() == null ? Mono.just(rows) : compared(query, rows, tuples, reads);
                })
                .map(rows -> new Report(report.columns(), rows, report.totals(), report.meta()));
    }

    /** The returned dimension tuples in first-seen order. */
    private static List<List<@Nullable String>> tuples(Report report) {
        LinkedHashSet<List<@Nullable String>> tuples = new LinkedHashSet<>();
        report.rows().forEach(row -> tuples.add(row.dimensions()));
        return new ArrayList<>(tuples);
    }

    private static Mono<List<ReportRow>> compared(
            ReportQuery query, List<ReportRow> rows, List<List<@Nullable String>> tuples, Reads reads) {
        TimeRange previous = query.previousRange();
        Granularity granularity = query.granularity();
        List<Instant> currentStarts =
                granularity == null ? List.of() : BucketSeries.covering(query.range(), granularity, query.zone());
        List<Instant> previousStarts =
                granularity == null ? null : BucketSeries.covering(previous, granularity, query.zone());
        boolean hasOthers = rows.stream().anyMatch(ReportRow::others);
        Mono<Optional<List<@Nullable Double>>> previousOthers =
                hasOthers ? reads.others(previous, tuples) : Mono.just(Optional.empty());
        List<@Nullable Double> zeros = EmptyMetricValues.of(query);
        List<@Nullable Double> missing = Collections.nCopies(query.metrics().size(), null);
        return Mono.zip(reads.previous(previous, previousStarts, tuples), previousOthers)
                .map(result -> {
                    Map<Slot, List<@Nullable Double>> values = result.getT1();
                    List<ReportRow> compared = new ArrayList<>();
                    for (ReportRow row : rows) {
                        if (row.others()) {
                            compared.add(row.compared(result.getT2().orElse(zeros)));
                            continue;
                        }
                        int bucket = 0;
                        if (row.bucket() != null) {
                            // Bucket i of the previous period answers bucket i of this one.
                            bucket = currentStarts.indexOf(row.bucket().toInstant()) + 1;
                            if (previousStarts == null || bucket > previousStarts.size()) {
                                compared.add(row.compared(missing));
                                continue;
                            }
                        }
                        List<@Nullable Double> found = values.get(new Slot(row.dimensions(), bucket));
                        compared.add(row.compared(found == null ? zeros : found));
                    }
                    return compared;
                });
    }
}
