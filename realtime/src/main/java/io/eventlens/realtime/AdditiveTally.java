package io.eventlens.realtime;

import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.event.Event;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.event.Revenue;
import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Event counts and revenue sums (exact decimals, {@link Revenue}) per report cell (bucket and dimension values), per
 * series and over everything. Both are additive, so the tally of a range is the tally of its parts: stored history plus fresh events, minus the events
 * a rolling window left behind.
 *
 * <p>Distinct counts of parts do not add up, but the events of each distinct member do: a tally for a report that
 * counts users (or sessions) also keeps, per cell, per series and overall, how many events each member has (the
 * {@link #members() member columns}); a distinct count is the number of members left. Every level is kept up to date
 * as events come and go, so reading the tally costs the number of cells, not the number of events or members.
 */
final class AdditiveTally {

    /** A report cell's identity: its bucket start (null without granularity) and its dimension values. */
    record Cell(@Nullable Instant bucket, List<@Nullable String> dimensions) {}

    /** The numbers of a cell, a series or everything: sums, and the events of each member per member column. */
    static final class Sums {
        private double events;
        private BigDecimal revenue = BigDecimal.ZERO;
        private final List<Map<String, Long>> members;

        Sums(int memberColumns) {
            members = new ArrayList<>(memberColumns);
            for (int i = 0; i < memberColumns; i++) {
                members.add(new HashMap<>());
            }
        }

        double events() {
            return events;
        }

        double revenue() {
            return revenue.doubleValue();
        }

        /** Distinct non-null values of the member column at {@code index} among the events summed here. */
        int distinct(int index) {
            return members.get(index).size();
        }

        private void add(List<@Nullable String> memberValues, double events, BigDecimal revenue) {
            this.events += events;
            this.revenue = this.revenue.add(revenue);
            for (int i = 0; i < members.size(); i++) {
                String member = memberValues.get(i);
                if (member != null) { // like the engines: an event without a user (session) id counts no one
                    long count = Math.round(events);
                    members.get(i).merge(member, count, (a, b) -> a + b == 0 ? null : a + b);
                }
            }
        }
    }

    private final List<EventColumn> members;
    private final Map<Cell, Sums> cells = new HashMap<>();
    private final Map<List<@Nullable String>, Sums> series = new HashMap<>();
    private final Sums total;

    /** A tally of events and revenue only. */
    AdditiveTally() {
        this(List.of());
    }

    /** A tally that also counts the distinct values of these columns (user or session ids). */
    AdditiveTally(List<EventColumn> members) {
        this.members = List.copyOf(members);
        this.total = new Sums(members.size());
    }

    List<EventColumn> members() {
        return members;
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
            add(
                    new Cell(
                            row.bucket() == null ? null : row.bucket().toInstant(),
                            Collections.unmodifiableList(
                                    new ArrayList<>(row.dimensions().subList(0, dimensions)))),
                    row.dimensions().subList(dimensions, row.dimensions().size()),
                    sign * (events == null ? 0 : events),
                    amount(revenue, sign));
        }
    }

    /** A revenue (a sum of one, or of a row) as the exact decimal it stands for, added or taken away. */
    private static BigDecimal amount(@Nullable Double revenue, int sign) {
        BigDecimal amount = revenue == null ? BigDecimal.ZERO : Revenue.decimal(revenue);
        return sign < 0 ? amount.negate() : amount;
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
        add(new Cell(bucket, Collections.unmodifiableList(values)), memberValues, sign, amount(event.revenue(), sign));
    }

    private void add(Cell cell, List<@Nullable String> memberValues, double events, BigDecimal revenue) {
        if (events == 0) {
            return; // a zero-filled row of a report: nothing happened there
        }
        add(cells, cell, memberValues, events, revenue);
        add(series, cell.dimensions(), memberValues, events, revenue);
        total.add(memberValues, events, revenue);
    }

    private <K> void add(
            Map<K, Sums> level, K key, List<@Nullable String> memberValues, double events, BigDecimal revenue) {
        Sums sums = level.computeIfAbsent(key, k -> new Sums(members.size()));
        sums.add(memberValues, events, revenue);
        if (sums.events == 0) {
            level.remove(key); // no events left: the cell (series) no longer exists
        }
    }

    /** Every cell with events. */
    Map<Cell, Sums> cells() {
        return Collections.unmodifiableMap(cells);
    }

    /** Every series (dimension values) with events, over all buckets. */
    Map<List<@Nullable String>, Sums> series() {
        return Collections.unmodifiableMap(series);
    }

    Sums total() {
        return total;
    }
}
