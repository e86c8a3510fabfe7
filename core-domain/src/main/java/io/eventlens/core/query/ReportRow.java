package io.eventlens.core.query;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One row of a report.
 *
 * @param bucket the bucket start in the report's time zone (its offset at that instant), or null without granularity
 * @param dimensions one text value per dimension, null where the event had none
 * @param values one value per metric; null only where a metric is undefined (e.g. a division by zero)
 * @param previousValues one value per metric over the previous period, or null without a comparison
 * @param changePercent one change per metric in percent, or null without a comparison
 * @param others whether this row aggregates the events outside the top rows
 */
public record ReportRow(
        @Nullable OffsetDateTime bucket,
        List<@Nullable String> dimensions,
        List<@Nullable Double> values,
        @Nullable List<@Nullable Double> previousValues,
        @Nullable List<@Nullable Double> changePercent,
        boolean others) {

    /** The dimension value of every dimension of the others row. */
    public static final String OTHERS = "(others)";

    // Not a compact constructor: javac leaves the type-argument annotations of a compact constructor's parameters out
    // of the class file, so NullAway in other modules would read List<Double> and refuse nullable values.
    public ReportRow(
            @Nullable OffsetDateTime bucket,
            List<@Nullable String> dimensions,
            List<@Nullable Double> values,
            @Nullable List<@Nullable Double> previousValues,
            @Nullable List<@Nullable Double> changePercent,
            boolean others) {
        this.bucket = bucket;
        this.dimensions = Collections.unmodifiableList(new ArrayList<>(dimensions));
        this.values = Collections.unmodifiableList(new ArrayList<>(values));
        this.previousValues =
                previousValues == null ? null : Collections.unmodifiableList(new ArrayList<>(previousValues));
        this.changePercent =
                changePercent == null ? null : Collections.unmodifiableList(new ArrayList<>(changePercent));
        this.others = others;
    }

    /** A plain row: no comparison, not the others row. */
    public ReportRow(
            @Nullable OffsetDateTime bucket, List<@Nullable String> dimensions, List<@Nullable Double> values) {
        this(bucket, dimensions, values, null, null, false);
    }

    /** This row with the previous period's values and the change from them. */
    public ReportRow compared(List<@Nullable Double> previous) {
        List<@Nullable Double> change = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            change.add(changePercent(values.get(i), previous.get(i)));
        }
        return new ReportRow(bucket, dimensions, values, previous, change, others);
    }

    /** {@code (value - previous) / previous * 100}; null where either is null or previous is 0. */
    public static @Nullable Double changePercent(@Nullable Double value, @Nullable Double previous) {
        if (value == null || previous == null || previous == 0) {
            return null;
        }
        return (value - previous) / previous * 100;
    }
}
