package io.eventlens.core.query;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A report as a client asked for it: names not yet resolved, values not yet checked. */
public record ReportRequest(
        List<String> metrics,
        @Nullable List<String> dimensions,
        @Nullable List<FilterRequest> filters,
        @Nullable Instant from,
        @Nullable Instant to,
        @Nullable Granularity granularity,
        @Nullable String timezone,
        @Nullable List<OrderRequest> orderBy,
        @Nullable Integer limit,
        @Nullable Boolean includeOthers,
        @Nullable Compare compare,
        @Nullable Boolean approximate) {

    /** A request for exact values. */
    public ReportRequest(
            List<String> metrics,
            @Nullable List<String> dimensions,
            @Nullable List<FilterRequest> filters,
            @Nullable Instant from,
            @Nullable Instant to,
            @Nullable Granularity granularity,
            @Nullable String timezone,
            @Nullable List<OrderRequest> orderBy,
            @Nullable Integer limit,
            @Nullable Boolean includeOthers,
            @Nullable Compare compare) {
        this(
                metrics,
                dimensions,
                filters,
                from,
                to,
                granularity,
                timezone,
                orderBy,
                limit,
                includeOthers,
                compare,
                null);
    }

    /** A request without an others row or a comparison. */
    public ReportRequest(
            List<String> metrics,
            @Nullable List<String> dimensions,
            @Nullable List<FilterRequest> filters,
            @Nullable Instant from,
            @Nullable Instant to,
            @Nullable Granularity granularity,
            @Nullable String timezone,
            @Nullable List<OrderRequest> orderBy,
            @Nullable Integer limit) {
        this(metrics, dimensions, filters, from, to, granularity, timezone, orderBy, limit, null, null, null);
    }

    /** A filter as a client wrote it. */
    public record FilterRequest(String dimension, FilterOp op, List<String> values) {}

    /** An ordering term as a client wrote it; {@code by} names a metric or dimension of the report. */
    public record OrderRequest(String by, @Nullable Direction direction) {}

    /** Sort direction; the default is descending for metrics and ascending for dimensions. */
    public enum Direction {
        ASC,
        DESC
    }
}
