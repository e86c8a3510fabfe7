package io.eventlens.graphql;

import io.eventlens.core.query.QueryLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@link QueryLimits} an operator can tune under {@code eventlens.query}; the defaults are
 * {@link QueryLimits#defaults()}.
 *
 * @param maxMetrics metrics in one report
 * @param maxDimensions dimensions (breakdowns) in one report
 * @param maxFilters filters in one report
 * @param maxFilterValues values of one {@code IN}/{@code NOT_IN} filter
 * @param maxBuckets time buckets in one report ({@code TOO_MANY_BUCKETS} beyond)
 * @param defaultLimit rows (or series, with a granularity) of a report that sets no limit
 * @param maxLimit most rows (or series) a report may ask for
 * @param maxPageSize most events in one {@code events} page
 */
@ConfigurationProperties("eventlens.query")
public record QueryLimitsProperties(
        @DefaultValue("20") int maxMetrics,
        @DefaultValue("5") int maxDimensions,
        @DefaultValue("20") int maxFilters,
        @DefaultValue("1000") int maxFilterValues,
        @DefaultValue("5000") int maxBuckets,
        @DefaultValue("100") int defaultLimit,
        @DefaultValue("10000") int maxLimit,
        @DefaultValue("1000") int maxPageSize) {

    public QueryLimits toLimits() {
        return new QueryLimits(
                maxMetrics,
                maxDimensions,
                maxFilters,
                maxFilterValues,
                maxBuckets,
                defaultLimit,
                maxLimit,
                maxPageSize);
    }
}
