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
import java.util.HashMap;
import java.util.HashSet;
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
    static final Set<Metric> ANSWERED = Set.of(BuiltInMetric.EVENTS, BuiltInMetric.REVENUE,
            BuiltInMetric.UNIQUE_USERS, BuiltInMetric.SESSIONS);

    private TallyReport() {
    }

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

    static Report shape(ReportQuery query, AdditiveTally tally, QueryMeta meta) {
        int memberColumns = tally.members().size();
        Sums totals = new Sums(memberColumns);
        Map<List<@Nullable String>, Sums> series = new HashMap<>();
        // With granularity, a cell (bucket and series) may gather several tally rows: one per member.
        Map<AdditiveTally.Key, Sums> cells = new HashMap<>();
        for (Map.Entry<AdditiveTally.Key, double[]> row : tally.rows().entrySet()) {
            AdditiveTally.Key key = row.getKey();
            Instant bucket = key.bucket();
            if (bucket != null && !inRange(query, bucket)) {
                continue;
            }
            totals.add(key, row.getValue());
            series.computeIfAbsent(key.dimensions(), k -> new Sums(memberColumns)).add(key, row.getValue());
            if (bucket != null) {
                cells.computeIfAbsent(new AdditiveTally.Key(bucket, key.dimensions(), List.of()),
                        k -> new Sums(memberColumns)).add(key, row.getValue());
            }
        }
        if (query.dimensions().isEmpty()) {
            series.putIfAbsent(List.of(), new Sums(memberColumns)); // without dimensions: always exactly one row
        }
        List<List<@Nullable String>> ranked = series.entrySet().stream()
                .sorted(order(query, tally.members()))
                .limit(query.limit())
                .map(Map.Entry::getKey)
                .toList();
        List<ReportRow> rows = new ArrayList<>();
        if (query.granularity() == null) {
            for (List<@Nullable String> dimensions : ranked) {
                rows.add(new ReportRow(null, dimensions, series.get(dimensions).values(query, tally.members())));
            }
        } else {
            Sums none = new Sums(memberColumns);
            for (Instant bucket : BucketSeries.covering(query.range(), query.granularity(), query.zone())) {
                for (List<@Nullable String> dimensions : ranked) {
                    Sums cell = cells.getOrDefault(new AdditiveTally.Key(bucket, dimensions, List.of()), none);
                    rows.add(new ReportRow(bucket.atZone(query.zone()).toOffsetDateTime(), dimensions,
                            cell.values(query, tally.members())));
                }
            }
        }
        return new Report(query.columns(), rows, totals.values(query, tally.members()), meta);
    }

    /** A row's, a series' or the totals' numbers while shaping: sums, and the distinct members seen. */
    private static final class Sums {
        double events;
        double revenue;
        final List<Set<String>> distinct;

        Sums(int memberColumns) {
            distinct = new ArrayList<>(memberColumns);
            for (int i = 0; i < memberColumns; i++) {
                distinct.add(new HashSet<>());
            }
        }

        void add(AdditiveTally.Key key, double[] sums) {
            events += sums[0];
            revenue += sums[1];
            for (int i = 0; i < distinct.size(); i++) {
                String member = key.members().get(i);
                if (member != null) { // like the engines: events without a user (session) id count no one
                    distinct.get(i).add(member);
                }
            }
        }

        double value(Metric metric, List<EventColumn> members) {
            return switch ((BuiltInMetric) metric) {
                case EVENTS -> events;
                case REVENUE -> revenue;
                case UNIQUE_USERS -> distinct.get(members.indexOf(EventColumn.USER_ID)).size();
                case SESSIONS -> distinct.get(members.indexOf(EventColumn.SESSION_ID)).size();
                default -> throw new IllegalArgumentException("not answered from a tally: " + metric);
            };
        }

        List<@Nullable Double> values(ReportQuery query, List<EventColumn> members) {
            List<@Nullable Double> values = new ArrayList<>(query.metrics().size());
            for (Metric metric : query.metrics()) {
                values.add(value(metric, members));
            }
            return values;
        }
    }

    /** Rows of buckets the range no longer covers (a rolling window moved on) are kept out. */
    private static boolean inRange(ReportQuery query, Instant bucket) {
        Instant first = query.granularity().bucketStart(query.range().from(), query.zone());
        return !bucket.isBefore(first) && bucket.isBefore(query.range().to());
    }

    private static Comparator<Map.Entry<List<@Nullable String>, Sums>> order(ReportQuery query,
            List<EventColumn> members) {
        Comparator<Map.Entry<List<@Nullable String>, Sums>> order = (a, b) -> 0;
        for (SortKey key : query.orderBy()) {
            Comparator<Map.Entry<List<@Nullable String>, Sums>> term = switch (key) {
                case SortKey.ByMetric m -> {
                    Metric metric = query.metrics().get(m.index());
                    Comparator<Map.Entry<List<@Nullable String>, Sums>> byValue =
                            Comparator.comparingDouble(e -> e.getValue().value(metric, members));
                    yield m.descending() ? byValue.reversed() : byValue;
                }
                case SortKey.ByDimension d -> (a, b) -> compareText(a.getKey().get(d.index()),
                        b.getKey().get(d.index()), d.descending());
            };
            order = order.thenComparing(term);
        }
        for (int i = 0; i < query.dimensions().size(); i++) {
            int index = i;
            order = order.thenComparing((a, b) -> compareText(a.getKey().get(index), b.getKey().get(index), false));
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
