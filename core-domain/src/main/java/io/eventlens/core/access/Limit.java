package io.eventlens.core.access;

/** What a rate limit counts, per key. */
public enum Limit {
    /** Events sent per second. */
    INGEST_EVENTS,
    /** GraphQL operations and CSV exports per second. */
    QUERIES,
    /** Subscriptions open at once. */
    SUBSCRIPTIONS
}
