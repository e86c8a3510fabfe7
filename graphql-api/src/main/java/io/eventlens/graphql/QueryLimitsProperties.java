package io.eventlens.graphql;

import io.eventlens.core.query.QueryLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@link QueryLimits} an operator can tune under {@code eventlens.query}; the defaults are
 * {@link QueryLimits#defaults()}.
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
        return new QueryLimits(maxMetrics, maxDimensions, maxFilters, maxFilterValues, maxBuckets, defaultLimit,
                maxLimit, maxPageSize);
    }
}
