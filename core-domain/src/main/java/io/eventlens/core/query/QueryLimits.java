package io.eventlens.core.query;

/**
 * Bounds on what one report may ask for, so a single query cannot exhaust the server.
 *
 * @param maxMetrics metrics per report
 * @param maxDimensions dimensions per report
 * @param maxFilters filters per report
 * @param maxFilterValues values per filter
 * @param maxBuckets time buckets per report (range divided by granularity)
 * @param defaultLimit rows (or series, with a granularity) when the request names no limit
 * @param maxLimit the largest limit a request may name
 * @param maxPageSize events per page
 */
public record QueryLimits(
        int maxMetrics,
        int maxDimensions,
        int maxFilters,
        int maxFilterValues,
        int maxBuckets,
        int defaultLimit,
        int maxLimit,
        int maxPageSize) {

    public static QueryLimits defaults() {
        return new QueryLimits(20, 5, 20, 1000, 5000, 100, 10_000, 1000);
    }
}
