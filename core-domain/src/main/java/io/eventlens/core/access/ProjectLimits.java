package io.eventlens.core.access;

import org.jspecify.annotations.Nullable;

/**
 * A project's own rate limits; a null value means the server's default.
 *
 * @param ingestEventsPerSecond events one ingest key may send per second
 * @param queriesPerSecond GraphQL operations (and CSV exports) one read or admin key may run per second
 * @param concurrentSubscriptions subscriptions one key may hold open at once, over all connections and instances
 */
public record ProjectLimits(
        @Nullable Integer ingestEventsPerSecond,
        @Nullable Integer queriesPerSecond,
        @Nullable Integer concurrentSubscriptions) {

    /** No overrides: every limit is the server's default. */
    public static final ProjectLimits DEFAULTS = new ProjectLimits(null, null, null);

    public ProjectLimits {
        positive("ingestEventsPerSecond", ingestEventsPerSecond);
        positive("queriesPerSecond", queriesPerSecond);
        positive("concurrentSubscriptions", concurrentSubscriptions);
    }

    private static void positive(String field, @Nullable Integer value) {
        if (value != null && value < 1) {
            throw new AccessException(
                    AccessException.Code.INVALID_ARGUMENT,
                    field,
                    field + " must be at least 1, or null for the server's default: " + value);
        }
    }
}
