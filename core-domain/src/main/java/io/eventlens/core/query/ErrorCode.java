package io.eventlens.core.query;

/** Machine-readable reasons a query is refused; the API exposes them as {@code extensions.code}. */
public enum ErrorCode {
    UNKNOWN_METRIC,
    UNKNOWN_DIMENSION,
    INVALID_TIME_RANGE,
    INVALID_TIMEZONE,
    INVALID_FILTER,
    INVALID_ORDER,
    INVALID_LIMIT,
    INVALID_CURSOR,
    TOO_MANY_BUCKETS,
    INVALID_ARGUMENT,
    /** A custom metric other metrics use can't be removed. */
    DEFINITION_IN_USE
}
