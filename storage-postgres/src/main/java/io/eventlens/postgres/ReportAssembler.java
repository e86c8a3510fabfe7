package io.eventlens.postgres;

import io.eventlens.core.expression.EmptyMetricValues;
import io.eventlens.core.query.QueryMeta;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.ReportRow;
import io.eventlens.core.query.RowOrder;
import io.r2dbc.spi.Readable;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.RoaringBitmap;

/** Builds the {@link Report} from result rows: reads each layout and zero-fills every bucket of every series. */
final class ReportAssembler {

    private ReportAssembler() {}

    /**
     * A result row read into Java values; {@code rank} and {@code bucket} are absent in layouts without them, and
     * {@code total} marks the totals row of {@link CompiledReport.Totals#FLAGGED_ROW}. With
     * {@link CompiledReport.Totals#FROM_GROUPS} {@code members} keeps each distinct count's member set (null for other
     * metrics), for the totals; otherwise it is empty.
     */
    record ResultRow(
            long rank,
            List<@Nullable String> dimensions,
            @Nullable Instant bucket,
            List<@Nullable Double> values,
            boolean total,
            List<@Nullable RoaringBitmap> members) {}

    static ResultRow read(
            Readable row, CompiledReport compiled, int dimensionCount, int metricCount, MemberSetCache.Cells sets) {
        CompiledReport.Layout layout = compiled.layout();
        int column = 0;
        long rank = 0;
        if (layout == CompiledReport.Layout.RANKED_SERIES) {
            rank = number(row.get(column++));
        }
        List<@Nullable String> dimensions = new ArrayList<>(dimensionCount);
        if (layout != CompiledReport.Layout.SERIES) {
            for (int i = 0; i < dimensionCount; i++) {
                dimensions.add(row.get(column++, String.class));
            }
        }
        Instant bucket = null;
        if (layout != CompiledReport.Layout.FLAT) {
            Integer index = row.get(column++, Integer.class);
            // The totals row of a series has no bucket.
            bucket = index == null ? null : compiled.bucketStarts().get(index - 1);
        }
        List<@Nullable Double> values = new ArrayList<>(metricCount);
        boolean fromGroups = compiled.totalsFrom() == CompiledReport.Totals.FROM_GROUPS;
        List<@Nullable RoaringBitmap> members = fromGroups ? new ArrayList<>(metricCount) : List.of();
        for (int i = 0; i < metricCount; i++) {
            Object value = row.get(column++);
            if (fromGroups && value instanceof ByteBuffer cell) {
                RoaringBitmap set = sets.members(cell);
                members.add(set);
                values.add((double) set.getLongCardinality());
            } else {
                if (fromGroups) {
                    members.add(null);
                }
                values.add(nullableNumber(value, sets));
            }
        }
        boolean total = (compiled.totalsFrom() == CompiledReport.Totals.FLAGGED_ROW || fromGroups)
                && number(row.get(column, Integer.class)) != 0;
        return new ResultRow(rank, dimensions, bucket, values, total, members);
    }

    /**
     * The totals of {@link CompiledReport.Totals#FROM_GROUPS}: the totals row's values, each distinct count the
     * database left null the union of the groups' member sets.
     */
    static List<@Nullable Double> totalsFromGroups(ResultRow totalRow, List<ResultRow> groups) {
        List<@Nullable Double> totals = new ArrayList<>(totalRow.values());
        for (int i = 0; i < totals.size(); i++) {
            if (totals.get(i) == null) {
                int metric = i;
                totals.set(i, (double) FastAggregation.or(groups.stream()
                                .map(group -> group.members().get(metric))
                                .filter(java.util.Objects::nonNull)
                                .iterator())
                        .getLongCardinality());
            }
        }
        return totals;
    }

    static List<@Nullable Double> readTotals(Readable row, int metricCount, MemberSetCache.Cells sets) {
        List<@Nullable Double> values = new ArrayList<>(metricCount);
        for (int i = 0; i < metricCount; i++) {
            values.add(nullableNumber(row.get(i), sets));
        }
        return values;
    }

    /** Built-in metrics are never null in SQL; a custom metric's null (e.g. a division by zero) stays null. */
    private static @Nullable Double nullableNumber(@Nullable Object value, MemberSetCache.Cells sets) {
        if (value instanceof ByteBuffer cell) {
            return (double) sets.members(cell).getLongCardinality();
        }
        if (value instanceof String[] parts) {
            // Merged sketches and ids ("s", "u") of an approximate distinct count.
            return parts.length == 0 ? 0.0 : DistinctSketches.estimate(parts);
        }
        return value == null ? null : ((Number) value).doubleValue();
    }

    static Report assemble(
            ReportQuery query,
            CompiledReport compiled,
            List<ResultRow> rows,
            List<@Nullable Double> totals,
            QueryMeta meta) {
        List<ReportRow> reportRows = switch (compiled.layout()) {
            case FLAT ->
                (compiled.rankedHere() ? ranked(query, rows) : rows)
                        .stream()
                                .map(r -> new ReportRow(null, r.dimensions(), r.values()))
                                .toList();
            case SERIES -> series(query, compiled.bucketStarts(), rows);
            case RANKED_SERIES -> rankedSeries(query, compiled.bucketStarts(), rows);
        };
        return new Report(query.columns(), reportRows, totals, meta);
    }

    /** The top {@code limit} groups in the order the SQL would have put them. */
    private static List<ResultRow> ranked(ReportQuery query, List<ResultRow> rows) {
        return rows.stream()
                .sorted(RowOrder.of(query, ResultRow::dimensions, ResultRow::values))
                .limit(query.limit())
                .toList();
    }

    private static List<ReportRow> series(ReportQuery query, List<Instant> buckets, List<ResultRow> rows) {
        Map<Instant, List<@Nullable Double>> byBucket = new HashMap<>();
        rows.forEach(r -> byBucket.put(bucketOf(r), r.values()));
        List<@Nullable Double> zeros = EmptyMetricValues.of(query);
        List<ReportRow> result = new ArrayList<>();
        for (Instant bucket : buckets) {
            result.add(new ReportRow(offsetDateTime(bucket, query), List.of(), byBucket.getOrDefault(bucket, zeros)));
        }
        return result;
    }

    private static List<ReportRow> rankedSeries(ReportQuery query, List<Instant> buckets, List<ResultRow> rows) {
        Map<Long, List<@Nullable String>> seriesByRank = new TreeMap<>();
        Map<Long, Map<Instant, List<@Nullable Double>>> values = new HashMap<>();
        for (ResultRow row : rows) {
            seriesByRank.putIfAbsent(row.rank(), row.dimensions());
            values.computeIfAbsent(row.rank(), r -> new HashMap<>()).put(bucketOf(row), row.values());
        }
        List<@Nullable Double> zeros = EmptyMetricValues.of(query);
        List<ReportRow> result = new ArrayList<>();
        for (Instant bucket : buckets) {
            OffsetDateTime start = offsetDateTime(bucket, query);
            seriesByRank.forEach((Long rank, List<@Nullable String> dimensions) -> result.add(new ReportRow(
                    start, dimensions, values.getOrDefault(rank, Map.of()).getOrDefault(bucket, zeros))));
        }
        return result;
    }

    private static Instant bucketOf(ResultRow row) {
        return java.util.Objects.requireNonNull(row.bucket(), "bucket");
    }

    private static OffsetDateTime offsetDateTime(Instant bucket, ReportQuery query) {
        return bucket.atZone(query.zone()).toOffsetDateTime();
    }

    private static long number(@Nullable Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
