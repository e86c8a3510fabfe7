package io.eventlens.core.query;

/**
 * How a query was answered.
 *
 * @param tookMs wall time spent answering, in milliseconds
 * @param source what answered, e.g. {@code "events"} for the raw event table
 * @param approximate whether any value may be an estimate
 * @param cached whether the answer came from the report cache rather than from storage ({@code source} then says
 *     what answered when it was cached)
 * @param statements the statements the engine ran and their timings, only when the read was explained
 *     ({@link io.eventlens.core.storage.ReadHints#explained}); empty otherwise
 */
public record QueryMeta(
        double tookMs, String source, boolean approximate, boolean cached, java.util.List<StatementTiming> statements) {

    public QueryMeta {
        statements = statements == null ? java.util.List.of() : java.util.List.copyOf(statements);
    }

    /** An answer computed now, not taken from a cache. */
    public QueryMeta(double tookMs, String source, boolean approximate) {
        this(tookMs, source, approximate, false, java.util.List.of());
    }

    /** Raw events answered exactly; the caller fills in the time. */
    public static QueryMeta exactFromEvents() {
        return new QueryMeta(0, "events", false);
    }

    public QueryMeta withTookMs(double value) {
        return new QueryMeta(value, source, approximate, cached, statements);
    }

    /** The same answer, served from the report cache. */
    public QueryMeta fromCache() {
        return new QueryMeta(tookMs, source, approximate, true, statements);
    }

    /** The same answer, with the statements that computed it and their timings. */
    public QueryMeta withStatements(java.util.List<StatementTiming> value) {
        return new QueryMeta(tookMs, source, approximate, cached, value);
    }
}
