package io.eventlens.realtime;

import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportRow;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Event counts and revenue sums per report row (bucket and dimension values). Both are additive, so the tally of a
 * range is the tally of its parts: stored history plus fresh events, minus the events a rolling window left behind.
 */
final class AdditiveTally {

    /** A report row's identity: its bucket start (null without granularity) and its dimension values. */
    record Key(@Nullable Instant bucket, List<@Nullable String> dimensions) {
    }

    /** Where a row's numbers are kept: {@code [events, revenue]}. */
    private final Map<Key, double[]> rows = new HashMap<>();

    /** A new tally holding this one plus {@code other}. */
    AdditiveTally plus(AdditiveTally other) {
        AdditiveTally sum = new AdditiveTally();
        rows.forEach((key, sums) -> sum.rows.put(key, sums.clone()));
        other.rows.forEach((key, sums) -> sum.add(key, sums[0], sums[1]));
        return sum;
    }

    /** Adds (sign 1) or removes (sign -1) the rows of a report whose metrics are {@code events, revenue}. */
    void add(Report report, int sign) {
        for (ReportRow row : report.rows()) {
            Double events = row.values().get(0);
            Double revenue = row.values().get(1);
            add(new Key(row.bucket() == null ? null : row.bucket().toInstant(), row.dimensions()),
                    sign * (events == null ? 0 : events), sign * (revenue == null ? 0 : revenue));
        }
    }

    /** Adds (sign 1) or removes (sign -1) one event. */
    void add(Event event, int sign, List<Dimension> dimensions, @Nullable Granularity granularity, ZoneId zone) {
        List<@Nullable String> values = new ArrayList<>(dimensions.size());
        for (Dimension dimension : dimensions) {
            values.add(EventMatcher.text(dimension, event));
        }
        Instant bucket = granularity == null ? null : granularity.bucketStart(event.timestamp(), zone);
        add(new Key(bucket, Collections.unmodifiableList(values)), sign,
                sign * (event.revenue() == null ? 0 : event.revenue()));
    }

    private void add(Key key, double events, double revenue) {
        double[] sums = rows.computeIfAbsent(key, k -> new double[2]);
        sums[0] += events;
        sums[1] += revenue;
        if (sums[0] == 0) {
            rows.remove(key); // no events left: the row (or series point) no longer exists
        }
    }

    Map<Key, double[]> rows() {
        return Collections.unmodifiableMap(rows);
    }
}
