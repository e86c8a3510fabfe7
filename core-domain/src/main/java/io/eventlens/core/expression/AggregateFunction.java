package io.eventlens.core.expression;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The aggregates a metric is built from. Each runs over the events of one report row (after the report's range
 * and filters, and after the aggregate's own where clause); null argument values are skipped.
 */
public enum AggregateFunction {
    /** Number of events; 0 over no events. Takes no argument. */
    COUNT("count"),
    /** Number of distinct non-null values; 0 over no values. Text, number or boolean argument. */
    UNIQ("uniq"),
    /** Sum of the non-null values; 0 over no values (like the built-in revenue metric). Number argument. */
    SUM("sum"),
    /** Mean of the non-null values; null over no values. Number argument. */
    AVG("avg"),
    /** Smallest non-null value; null over no values. Number argument. */
    MIN("min"),
    /** Largest non-null value; null over no values. Number argument. */
    MAX("max"),
    /**
     * Continuous quantile {@code quantile(p, x)} of the non-null values, with linear interpolation between the two
     * nearest ranks (SQL {@code percentile_cont}): for sorted values {@code v[0..n-1]} it is {@code v[i] + (h - i)
     * * (v[i+1] - v[i])} where {@code h = p * (n - 1)} and {@code i = floor(h)}. Null over no values.
     */
    QUANTILE("quantile");

    private final String functionName;

    AggregateFunction(String functionName) {
        this.functionName = functionName;
    }

    /** The name as written in expression text, in lower case. */
    public String functionName() {
        return functionName;
    }

    /** Whether this aggregate is 0, rather than null, over an empty set of values. */
    public boolean zeroWhenEmpty() {
        return this == COUNT || this == UNIQ || this == SUM;
    }

    /** Looks a function name up regardless of case. */
    public static Optional<AggregateFunction> byName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.functionName.equals(lower)).findFirst();
    }
}
