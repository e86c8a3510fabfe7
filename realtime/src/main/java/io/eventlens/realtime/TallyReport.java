package io.eventlens.realtime;

import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.catalog.Metric;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.query.BucketSeries;
import io.eventlens.core.query.QueryMeta;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.ReportRow;
import io.eventlens.core.query.SortKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Shapes an {@link AdditiveTally} into the {@link Report} a storage engine would give for the same query: the rules
 * of {@link ReportQuery} (one row without dimensions, top rows or series by {@code orderBy} with dimension values
 * as tie-break in code point order, nulls last, every bucket zero-filled, totals over everything).
 */
final class TallyReport {

    /**
     * The metrics a tally can answer: sums add up over stored and fresh parts, and distinct counts are counted from
     * the members a tally keeps for them.
     */
    static final Set<Metric> ANSWERED =
            Set.of(BuiltInMetric.EVENTS, BuiltInMetric.REVENUE, BuiltInMetric.UNIQUE_USERS, BuiltInMetric.SESSIONS);

    private TallyReport() {}

    static boolean answers(ReportQuery query) {
        return ANSWERED.containsAll(query.metrics()) && !query.includeOthers() && query.compare() == null;
    }

    /** The member columns a tally must keep for the query's distinct counts, in a fixed order. */
    static List<EventColumn> members(ReportQuery query) {
        List<EventColumn> members = new ArrayList<>(2);
        if (query.metrics().contains(BuiltInMetric.UNIQUE_USERS)) {
            members.add(EventColumn.USER_ID);
        }
        if (query.metrics().contains(BuiltInMetric.SESSIONS)) {
            members.add(EventColumn.SESSION_ID);
        }
        return members;
    }

    /**
     * The report of the tally, which must hold exactly the events of the query's range (a rolling window forgets
     * what it left before it is shaped).
     */
    static Report shape(ReportQuery query, AdditiveTally tally, QueryMeta meta) {
        List<EventColumn> members = tally.members();
        AdditiveTally.Sums none = new AdditiveTally.Sums(members.size());
        Map<List<@Nullable String>, AdditiveTally.Sums> series = tally.series();
        if (query.dimensions().isEmpty() && series.isEmpty()) {
            series = Map.of(List.of(), none); // without dimensions there is always exactly one row (or series)
        }
        List<List<@Nullable String>> ranked = series.entrySet().stream()
                .sorted(order(query, members))
                .limit(query.limit())
                .map(Map.Entry::getKey)
                .toList();
        List<ReportRow> rows = new ArrayList<>();
        if (query.granularity() == null) {
            for (List<@Nullable String> dimensions : ranked) {
                // ranked holds series' own keys.
                rows.add(new ReportRow(
                        null,
                        dimensions,
                        values(query, members, java.util.Objects.requireNonNull(series.get(dimensions)))));
            }
        } else {
            for (Instant bucket : BucketSeries.covering(query.range(), query.granularity(), query.zone())) {
                for (List<@Nullable String> dimensions : ranked) {
                    AdditiveTally.Sums cell =
                            tally.cells().getOrDefault(new AdditiveTally.Cell(bucket, dimensions), none);
                    rows.add(new ReportRow(
                            bucket.atZone(query.zone()).toOffsetDateTime(), dimensions, values(query, members, cell)));
                }
            }
        }
        return new Report(query.columns(), rows, values(query, members, tally.total()), meta);
    }

    private static double value(Metric metric, List<EventColumn> members, AdditiveTally.Sums sums) {
        return switch ((BuiltInMetric) metric) {
            case EVENTS -> sums.events();
            case REVENUE -> sums.revenue();
            case UNIQUE_USERS -> sums.distinct(members.indexOf(EventColumn.USER_ID));
            case SESSIONS -> sums.distinct(members.indexOf(EventColumn.SESSION_ID));
            default -> throw new IllegalArgumentException("not answered from a tally: " + metric);
        };
    }

    private static List<@Nullable Double> values(
            ReportQuery query, List<EventColumn> members, AdditiveTally.Sums sums) {
        List<@Nullable Double> values = new ArrayList<>(query.metrics().size());
        for (Metric metric : query.metrics()) {
            values.add(value(metric, members, sums));
        }
        return values;
    }

    private static Comparator<Map.Entry<List<@Nullable String>, AdditiveTally.Sums>> order(
            ReportQuery query, List<EventColumn> members) {
        Comparator<Map.Entry<List<@Nullable String>, AdditiveTally.Sums>> order = (a, b) -> 0;
        for (SortKey key : query.orderBy()) {
            Comparator<Map.Entry<List<@Nullable String>, AdditiveTally.Sums>> term = switch (key) {
                case SortKey.ByMetric m -> {
                    Metric metric = query.metrics().get(m.index());
                    Comparator<Map.Entry<List<@Nullable String>, AdditiveTally.Sums>> byValue =
                            Comparator.comparingDouble(e -> value(metric, members, e.getValue()));
                    yield m.descending() ? byValue.reversed() : byValue;
                }
                case SortKey.ByDimension d ->
                    (a, b) -> compareText(a.getKey().get(d.index()), b.getKey().get(d.index()), d.descending());
            };
            order = order.thenComparing(term);
        }
        for (int i = 0; i < query.dimensions().size(); i++) {
            int index = i;
            order = order.thenComparing(
                    (a, b) -> compareText(a.getKey().get(index), b.getKey().get(index), false));
        }
        return order;
    }

    /** Code point order (PostgreSQL's "C" collation, ClickHouse's byte order), nulls last either way. */
    private static int compareText(@Nullable String a, @Nullable String b, boolean descending) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        int order = compareCodePoints(a, b);
        return descending ? -order : order;
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
