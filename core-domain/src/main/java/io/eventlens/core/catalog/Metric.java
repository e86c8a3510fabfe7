package io.eventlens.core.catalog;

/** Something a report aggregates; engines compile each kind by pattern matching. */
public sealed interface Metric permits BuiltInMetric, CustomMetric {

    /** The name reports, inputs and results use, e.g. {@code uniqueUsers}. */
    String publicName();

    String description();

    /** A short unit for display, e.g. "events", "users", "currency". */
    String unit();
}
