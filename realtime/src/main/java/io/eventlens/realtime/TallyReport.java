package io.eventlens.realtime;

import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.catalog.Metric;
import io.eventlens.core.query.BucketSeries;
import io.eventlens.core.query.QueryMeta;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.ReportRow;
import io.eventlens.core.query.SortKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Shapes an {@link AdditiveTally} into the {@link Report} a storage engine would give for the same query: the rules
 * of {@link ReportQuery} (one row without dimensions, top rows or series by {@code orderBy} with dimension values
 * as tie-break in code point order, nulls last, every bucket zero-filled, totals over everything).
 */
final class TallyReport {

    /** The metrics a tally can answer: both are sums, so stored and fresh parts add up exactly. */
    static final Set<Metric> ADDITIVE = Set.of(BuiltInMetric.EVENTS, BuiltInMetric.REVENUE);

    private TallyReport() {
    }

    static boolean answers(ReportQuery query) {
        return ADDITIVE.containsAll(query.metrics()) && !query.includeOthers() && query.compare() == null;
    }

    static Report shape(ReportQuery query, AdditiveTally tally, QueryMeta meta) {
        double[] totals = new double[2];
        Map<List<@Nullable String>, double[]> series = new HashMap<>();
        for (Map.Entry<AdditiveTally.Key, double[]> row : tally.rows().entrySet()) {
            Instant bucket = row.getKey().bucket();
            if (bucket != null && !inRange(query, bucket)) {
                continue;
            }
            double[] sums = row.getValue();
            totals[0] += sums[0];
            totals[1] += sums[1];
            double[] seriesSums = series.computeIfAbsent(row.getKey().dimensions(), k -> new double[2]);
            seriesSums[0] += sums[0];
            seriesSums[1] += sums[1];
        }
        if (query.dimensions().isEmpty()) {
            series.putIfAbsent(List.of(), new double[2]); // without dimensions there is always exactly one row/series
        }
        List<List<@Nullable String>> ranked = series.entrySet().stream()
                .sorted(order(query))
                .limit(query.limit())
                .map(Map.Entry::getKey)
                .toList();
        List<ReportRow> rows = new ArrayList<>();
        if (query.granularity() == null) {
            for (List<@Nullable String> dimensions : ranked) {
                rows.add(new ReportRow(null, dimensions, values(query, series.get(dimensions))));
            }
        } else {
            for (Instant bucket : BucketSeries.covering(query.range(), query.granularity(), query.zone())) {
                for (List<@Nullable String> dimensions : ranked) {
                    double[] sums = tally.rows().get(new AdditiveTally.Key(bucket, dimensions));
                    rows.add(new ReportRow(bucket.atZone(query.zone()).toOffsetDateTime(), dimensions,
                            values(query, sums == null ? new double[2] : sums)));
                }
            }
        }
        return new Report(query.columns(), rows, values(query, totals), meta);
    }

    /** Rows of buckets the range no longer covers (a rolling window moved on) are kept out. */
    private static boolean inRange(ReportQuery query, Instant bucket) {
        Instant first = query.granularity().bucketStart(query.range().from(), query.zone());
        return !bucket.isBefore(first) && bucket.isBefore(query.range().to());
    }

    private static List<@Nullable Double> values(ReportQuery query, double[] sums) {
        List<@Nullable Double> values = new ArrayList<>(query.metrics().size());
        for (Metric metric : query.metrics()) {
            values.add(metric == BuiltInMetric.EVENTS ? sums[0] : sums[1]);
        }
        return values;
    }

    private static Comparator<Map.Entry<List<@Nullable String>, double[]>> order(ReportQuery query) {
        Comparator<Map.Entry<List<@Nullable String>, double[]>> order = (a, b) -> 0;
        for (SortKey key : query.orderBy()) {
            Comparator<Map.Entry<List<@Nullable String>, double[]>> term = switch (key) {
                case SortKey.ByMetric m -> {
                    int slot = query.metrics().get(m.index()) == BuiltInMetric.EVENTS ? 0 : 1;
                    Comparator<Map.Entry<List<@Nullable String>, double[]>> byValue =
                            Comparator.comparingDouble(e -> e.getValue()[slot]);
                    yield m.descending() ? byValue.reversed() : byValue;
                }
                case SortKey.ByDimension d -> (a, b) -> compareText(a.getKey().get(d.index()),
                        b.getKey().get(d.index()), d.descending());
            };
            order = order.thenComparing(term);
        }
        for (int i = 0; i < query.dimensions().size(); i++) {
            int index = i;
            order = order.thenComparing((a, b) -> compareText(a.getKey().get(index), b.getKey().get(index), false));
        }
        return order;
    }

    /** Code point order (PostgreSQL's "C" collation, ClickHouse's byte order), nulls last either way. */
    private static int compareText(@Nullable String a, @Nullable String b, boolean descending) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        int order = compareCodePoints(a, b);
        return descending ? -order : order;
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
