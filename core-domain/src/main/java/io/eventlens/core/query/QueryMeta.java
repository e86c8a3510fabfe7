package io.eventlens.core.query;

/**
 * How a query was answered.
 *
 * @param tookMs wall time spent answering, in milliseconds
 * @param source what answered, e.g. {@code "events"} for the raw event table
 * @param approximate whether any value may be an estimate
 */
public record QueryMeta(double tookMs, String source, boolean approximate) {

    /** Raw events answered exactly; the caller fills in the time. */
    public static QueryMeta exactFromEvents() {
        return new QueryMeta(0, "events", false);
    }

    public QueryMeta withTookMs(double value) {
        return new QueryMeta(value, source, approximate);
    }
}
