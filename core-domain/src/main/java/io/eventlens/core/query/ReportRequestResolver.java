package io.eventlens.core.query;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.catalog.Metric;
import io.eventlens.core.query.ReportRequest.Direction;
import io.eventlens.core.query.ReportRequest.OrderRequest;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Validates a {@link ReportRequest} against a catalog and the limits, producing a {@link ReportQuery}. */
public final class ReportRequestResolver {

    private final QueryLimits limits;
    private final FilterResolver filterResolver;

    public ReportRequestResolver(QueryLimits limits) {
        this.limits = limits;
        this.filterResolver = new FilterResolver(limits);
    }

    public ReportQuery resolve(ProjectId project, ReportRequest request, Catalog catalog) {
        List<Metric> metrics = metrics(request, catalog);
        List<Dimension> dimensions = dimensions(request, catalog);
        List<Filter> filters = filterResolver.resolve(request.filters(), catalog);
        TimeRange range = range(request);
        ZoneId zone = zone(request.timezone());
        if (request.granularity() != null) {
            long buckets = BucketSeries.count(range, request.granularity(), zone, limits.maxBuckets());
            if (buckets > limits.maxBuckets()) {
                throw new QueryException(
                        ErrorCode.TOO_MANY_BUCKETS,
                        "granularity",
                        "the range holds more than "
                                + limits.maxBuckets() + " " + request.granularity()
                                + " buckets; use a coarser granularity"
                                + " or a shorter range");
            }
        }
        List<SortKey> orderBy = orderBy(request.orderBy(), metrics, dimensions);
        boolean includeOthers = Boolean.TRUE.equals(request.includeOthers());
        if (includeOthers && request.granularity() != null) {
            throw new QueryException(
                    ErrorCode.INVALID_ARGUMENT, "includeOthers", "an others row is only available without granularity");
        }
        if ((includeOthers || request.compare() != null)
                && metrics.stream()
                        .anyMatch(m -> m instanceof io.eventlens.core.catalog.BuiltInMetric b && b.perSession())) {
            // Per-session metrics are not yet computed for the others row and the previous period.
            throw new QueryException(
                    ErrorCode.INVALID_ARGUMENT,
                    includeOthers ? "includeOthers" : "compare",
                    "is not available with per-session metrics yet");
        }
        // Without dimensions the single row already holds every event: there is nothing left for an others row.
        return new ReportQuery(
                project,
                metrics,
                dimensions,
                filters,
                range,
                request.granularity(),
                zone,
                orderBy,
                limit(request.limit()),
                includeOthers && !dimensions.isEmpty(),
                request.compare(),
                Boolean.TRUE.equals(request.approximate()) ? ReportQuery.Sources.APPROXIMATE : ReportQuery.Sources.ANY);
    }

    private List<Metric> metrics(ReportRequest request, Catalog catalog) {
        List<String> names = request.metrics();
        if (names == null || names.isEmpty()) {
            throw new QueryException(
                    ErrorCode.UNKNOWN_METRIC,
                    "metrics",
                    "name at least one metric, e.g. " + NameLists.metrics(catalog));
        }
        if (names.size() > limits.maxMetrics()) {
            throw new QueryException(
                    ErrorCode.INVALID_ARGUMENT,
                    "metrics",
                    "at most " + limits.maxMetrics() + " metrics are allowed, got " + names.size());
        }
        List<Metric> metrics = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String field = "metrics[" + i + "]";
            metrics.add(catalog.metric(name)
                    .orElseThrow(() -> new QueryException(
                            ErrorCode.UNKNOWN_METRIC,
                            field,
                            "unknown metric '" + name + "'; use one of " + NameLists.metrics(catalog))));
        }
        return metrics;
    }

    private List<Dimension> dimensions(ReportRequest request, Catalog catalog) {
        List<String> names = request.dimensions() == null ? List.of() : request.dimensions();
        if (names.size() > limits.maxDimensions()) {
            throw new QueryException(
                    ErrorCode.INVALID_ARGUMENT,
                    "dimensions",
                    "at most " + limits.maxDimensions() + " dimensions are allowed, got " + names.size());
        }
        List<Dimension> dimensions = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String field = "dimensions[" + i + "]";
            Dimension dimension = catalog.dimension(name)
                    .orElseThrow(() -> new QueryException(
                            ErrorCode.UNKNOWN_DIMENSION,
                            field,
                            "unknown dimension '" + name + "'; use one of " + NameLists.dimensions(catalog)));
            if (!seen.add(dimension.publicName())) {
                throw new QueryException(ErrorCode.INVALID_ARGUMENT, field, "'" + name + "' is named twice");
            }
            dimensions.add(dimension);
        }
        return dimensions;
    }

    private static TimeRange range(ReportRequest request) {
        return TimeRange.requested(request.from(), request.to());
    }

    /** Parses an IANA zone name; offsets such as {@code +05:30} are accepted too, abbreviations are not. */
    public static ZoneId zone(@org.jspecify.annotations.Nullable String timezone) {
        if (timezone == null || timezone.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(timezone.strip());
        } catch (DateTimeException e) {
            throw new QueryException(
                    ErrorCode.INVALID_TIMEZONE,
                    "timezone",
                    "unknown time zone '" + timezone + "'; use an IANA name such as Europe/Berlin or UTC");
        }
    }

    private static List<SortKey> orderBy(
            @org.jspecify.annotations.Nullable List<OrderRequest> requests,
            List<Metric> metrics,
            List<Dimension> dimensions) {
        if (requests == null || requests.isEmpty()) {
            return List.of(new SortKey.ByMetric(0, true));
        }
        List<SortKey> keys = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            OrderRequest request = requests.get(i);
            int metric = indexOf(metrics.stream().map(Metric::publicName).toList(), request.by());
            int dimension =
                    indexOf(dimensions.stream().map(Dimension::publicName).toList(), request.by());
            if (metric >= 0) {
                keys.add(new SortKey.ByMetric(metric, request.direction() != Direction.ASC));
            } else if (dimension >= 0) {
                keys.add(new SortKey.ByDimension(dimension, request.direction() == Direction.DESC));
            } else {
                throw new QueryException(
                        ErrorCode.INVALID_ORDER,
                        "orderBy[" + i + "].by",
                        "'" + request.by() + "' is not one of this report's metrics or dimensions");
            }
        }
        return keys;
    }

    private static int indexOf(List<String> names, String name) {
        return names.indexOf(name);
    }

    private int limit(@org.jspecify.annotations.Nullable Integer limit) {
        if (limit == null) {
            return limits.defaultLimit();
        }
        if (limit < 1 || limit > limits.maxLimit()) {
            throw new QueryException(
                    ErrorCode.INVALID_LIMIT, "limit", "must be between 1 and " + limits.maxLimit() + ", got " + limit);
        }
        return limit;
    }
}
