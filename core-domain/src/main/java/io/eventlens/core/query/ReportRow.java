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
 */
public record ReportRow(@Nullable OffsetDateTime bucket, List<@Nullable String> dimensions,
        List<@Nullable Double> values) {

    public ReportRow {
        dimensions = Collections.unmodifiableList(new ArrayList<>(dimensions));
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }
}
