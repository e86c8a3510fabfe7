package io.eventlens.core.query;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.catalog.Metric;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A validated report request: every name already resolved through the catalog. Engines must answer it with these
 * semantics (the storage contract suite checks them):
 *
 * <ul>
 *   <li>Only events with {@code range.from() <= timestamp < range.to()} that pass every filter count.</li>
 *   <li>Without granularity: one row per distinct dimension tuple that has events, ordered by {@code orderBy}
 *       then by dimension values ascending (nulls last), at most {@code limit} rows. Without dimensions: exactly
 *       one row, even over no events.</li>
 *   <li>With granularity: a dimension tuple is a series; the top {@code limit} series are chosen by
 *       {@code orderBy} over the whole range (ties by dimension values ascending, nulls last). Every series gets a
 *       row for every bucket of {@link BucketSeries#covering} (zero-filled). Rows are ordered by bucket, then by
 *       series rank.</li>
 *   <li>{@code values} follow {@code metrics}; {@code dimensions} follow {@code dimensions}.</li>
 *   <li>{@code totals}: each metric over all matching events, regardless of grouping and limit.</li>
 *   <li>{@code includeOthers} (only with dimensions, only without granularity): when matching events fall outside
 *       the returned rows, one more row comes last, marked {@link ReportRow#others()}, its dimension values all
 *       {@link ReportRow#OTHERS}, its metrics computed over exactly those remaining events (distinct counts are
 *       counted over them, not summed).</li>
 *   <li>{@code compare}: every row also carries {@code previousValues}: its metrics over {@link #previousRange()}
 *       for the same dimension tuple (the others row: events of the previous range whose tuple is not one of the
 *       returned rows'), and with granularity for bucket <i>i</i> of {@code BucketSeries.covering(previousRange)}
 *       (null where that series has fewer buckets); {@code changePercent = (value - previous) / previous * 100},
 *       null where either is null or previous is 0.</li>
 * </ul>
 *
 * <p>How the answer is found is the engine's choice ({@link io.eventlens.core.rollup.ReportPlanner}), never its
 * result: rollups and raw events give the same answer.
 *
 * @param orderBy never empty: the resolver defaults it to the first metric, descending
 * @param sources where the engine may read from: anything that answers exactly, or raw events only
 */
public record ReportQuery(
        ProjectId project,
        List<Metric> metrics,
        List<Dimension> dimensions,
        List<Filter> filters,
        TimeRange range,
        @Nullable Granularity granularity,
        ZoneId zone,
        List<SortKey> orderBy,
        int limit,
        boolean includeOthers,
        @Nullable Compare compare,
        Sources sources) {

    /** Where an engine may read a report from. */
    public enum Sources {
        /** The cheapest source that answers exactly: rollups, raw events, or both. */
        ANY,
        /**
         * The same, and distinct counts may also come from mergeable sketches, within the engine's documented error
         * bound; the answer's {@code meta.approximate} says when they did.
         */
        APPROXIMATE,
        /** Raw events only; tests and comparisons use it as the reference. */
        EVENTS_ONLY
    }

    /** A report that may be answered from any exact source. */
    public ReportQuery(
            ProjectId project,
            List<Metric> metrics,
            List<Dimension> dimensions,
            List<Filter> filters,
            TimeRange range,
            @Nullable Granularity granularity,
            ZoneId zone,
            List<SortKey> orderBy,
            int limit,
            boolean includeOthers,
            @Nullable Compare compare) {
        this(
                project,
                metrics,
                dimensions,
                filters,
                range,
                granularity,
                zone,
                orderBy,
                limit,
                includeOthers,
                compare,
                Sources.ANY);
    }

    /** A report without an others row or a comparison. */
    public ReportQuery(
            ProjectId project,
            List<Metric> metrics,
            List<Dimension> dimensions,
            List<Filter> filters,
            TimeRange range,
            @Nullable Granularity granularity,
            ZoneId zone,
            List<SortKey> orderBy,
            int limit) {
        this(project, metrics, dimensions, filters, range, granularity, zone, orderBy, limit, false, null, Sources.ANY);
    }

    public ReportQuery {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(sources, "sources");
        metrics = List.copyOf(metrics);
        dimensions = List.copyOf(dimensions);
        filters = List.copyOf(filters);
        orderBy = List.copyOf(orderBy);
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("a report needs at least one metric");
        }
        if (orderBy.isEmpty()) {
            throw new IllegalArgumentException("orderBy must not be empty");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
    }

    /** The same report, read only from the given sources. */
    public ReportQuery withSources(Sources value) {
        return new ReportQuery(
                project,
                metrics,
                dimensions,
                filters,
                range,
                granularity,
                zone,
                orderBy,
                limit,
                includeOthers,
                compare,
                value);
    }

    /** The range of the same length immediately before this one, which {@link Compare#PREVIOUS_PERIOD} compares with. */
    public TimeRange previousRange() {
        java.time.Duration length = java.time.Duration.between(range.from(), range.to());
        return new TimeRange(range.from().minus(length), range.from());
    }

    /** Whether a metric is measured per session, so engines must first form the sessions of each group. */
    public boolean perSessionMetrics() {
        return metrics.stream().anyMatch(m -> m instanceof io.eventlens.core.catalog.BuiltInMetric b && b.perSession());
    }

    /** The result's column names: dimensions first, then metrics. */
    public List<String> columns() {
        return java.util.stream.Stream.concat(
                        dimensions.stream().map(Dimension::publicName),
                        metrics.stream().map(Metric::publicName))
                .toList();
    }
}
