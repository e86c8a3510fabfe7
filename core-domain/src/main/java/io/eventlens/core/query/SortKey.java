package io.eventlens.core.query;

/** One ordering term of a report, pointing at a metric or dimension by its position in the query. */
public sealed interface SortKey permits SortKey.ByMetric, SortKey.ByDimension {

    int index();

    boolean descending();

    /** Orders by the query's {@code index}-th metric. */
    record ByMetric(int index, boolean descending) implements SortKey {}

    /** Orders by the query's {@code index}-th dimension; nulls sort last either way. */
    record ByDimension(int index, boolean descending) implements SortKey {}
}
