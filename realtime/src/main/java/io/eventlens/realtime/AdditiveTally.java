package io.eventlens.realtime;

import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.event.Event;
import io.eventlens.core.event.EventColumn;
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
 *
 * <p>Distinct counts of parts do not add up, but the events of each distinct member do: a tally for a report that
 * counts users (or sessions) keeps its rows per member too, keyed by the hidden {@link #members() member columns},
 * and the distinct count of a row is then the number of members left in it.
 */
final class AdditiveTally {

    /**
     * A tally row's identity: its bucket start (null without granularity), its dimension values and the values of
     * the member columns (empty when the report counts no distinct members).
     */
    record Key(@Nullable Instant bucket, List<@Nullable String> dimensions, List<@Nullable String> members) {
    }

    /** Where a row's numbers are kept: {@code [events, revenue]}. */
    private final Map<Key, double[]> rows = new HashMap<>();
    private final List<EventColumn> members;

    /** A tally of events and revenue only. */
    AdditiveTally() {
        this(List.of());
    }

    /** A tally that also keeps rows per value of these columns (user or session ids), for distinct counts. */
    AdditiveTally(List<EventColumn> members) {
        this.members = List.copyOf(members);
    }

    List<EventColumn> members() {
        return members;
    }

    /** A new tally holding this one plus {@code other}. */
    AdditiveTally plus(AdditiveTally other) {
        AdditiveTally sum = new AdditiveTally(members);
        rows.forEach((key, sums) -> sum.rows.put(key, sums.clone()));
        other.rows.forEach((key, sums) -> sum.add(key, sums[0], sums[1]));
        return sum;
    }

    /**
     * Adds (sign 1) or removes (sign -1) the rows of a report whose metrics are {@code events, revenue} and whose
     * dimensions are the tally's dimensions followed by its member columns.
     */
    void add(Report report, int sign) {
        for (ReportRow row : report.rows()) {
            Double events = row.values().get(0);
            Double revenue = row.values().get(1);
            int dimensions = row.dimensions().size() - members.size();
            add(new Key(row.bucket() == null ? null : row.bucket().toInstant(),
                            row.dimensions().subList(0, dimensions),
                            row.dimensions().subList(dimensions, row.dimensions().size())),
                    sign * (events == null ? 0 : events), sign * (revenue == null ? 0 : revenue));
        }
    }

    /** Adds (sign 1) or removes (sign -1) one event. */
    void add(Event event, int sign, List<Dimension> dimensions, @Nullable Granularity granularity, ZoneId zone) {
        List<@Nullable String> values = new ArrayList<>(dimensions.size());
        for (Dimension dimension : dimensions) {
            values.add(EventMatcher.text(dimension, event));
        }
        List<@Nullable String> memberValues = new ArrayList<>(members.size());
        for (EventColumn column : members) {
            memberValues.add(column.valueOf(event));
        }
        Instant bucket = granularity == null ? null : granularity.bucketStart(event.timestamp(), zone);
        add(new Key(bucket, Collections.unmodifiableList(values), Collections.unmodifiableList(memberValues)), sign,
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
