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
    DEFINITION_IN_USE,
    /** An alert's rolling window is malformed, too short or too long. */
    INVALID_WINDOW,
    /** An alert's breakdown asks for more series than are evaluated. */
    TOO_MANY_SERIES,
    /** An alert's condition is missing, ambiguous, or does not fit its metric. */
    INVALID_CONDITION,
    /** An alert's webhook URL or secret is refused. */
    INVALID_WEBHOOK
}
