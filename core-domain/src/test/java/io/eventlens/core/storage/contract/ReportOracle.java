package io.eventlens.core.storage.contract;

import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.catalog.Metric;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.EventCursor;
import io.eventlens.core.query.EventPage;
import io.eventlens.core.query.EventPageQuery;
import io.eventlens.core.query.Filter;
import io.eventlens.core.query.Overview;
import io.eventlens.core.query.OverviewQuery;
import io.eventlens.core.query.QueryMeta;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.ReportRow;
import io.eventlens.core.query.SortKey;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The expected answers for one project's events, computed in memory with plain Java from the semantics documented on
 * {@code ReportQuery}, {@code FilterOp}, {@code Dimension.Property} and the event page queries. It shares no code with
 * any engine: buckets come from {@link OracleBuckets}, text order is Unicode code point order (byte order of UTF-8,
 * PostgreSQL's {@code COLLATE "C"}) and ids order as unsigned 128-bit numbers (byte order, as databases store UUIDs).
 */
public final class ReportOracle {

    /** Code point order; {@code String.compareTo} compares UTF-16 units, which differs above U+FFFF. */
    public static final Comparator<String> TEXT_ORDER = (a, b) -> {
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
        return Boolean.compare(i < a.length(), j < b.length());
    };

    /** Unsigned byte order of UUIDs; {@code UUID.compareTo} compares signed longs and differs for half of all ids. */
    public static final Comparator<UUID> ID_ORDER = (a, b) -> {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    };

    /** Newest first: timestamp descending, then id descending. */
    public static final Comparator<Event> NEWEST_FIRST = Comparator.comparing(Event::timestamp)
            .thenComparing(Event::id, ID_ORDER)
            .reversed();

    private final List<Event> events;

    public ReportOracle(List<Event> events) {
        this.events = List.copyOf(events);
    }

    /** The expected report; {@code meta} is not part of the contract and is left at its default. */
    public Report report(ReportQuery query) {
        List<Event> matching = events.stream()
                .filter(e -> within(
                        e.timestamp(), query.range().from(), query.range().to()))
                .filter(e -> query.filters().stream().allMatch(f -> matches(e, f, query.zone())))
                .toList();
        List<@Nullable Double> totals = new ArrayList<>(values(query.metrics(), matching));

        Map<List<@Nullable String>, List<Event>> groups = new LinkedHashMap<>();
        for (Event event : matching) {
            List<@Nullable String> key = new ArrayList<>();
            for (Dimension dimension : query.dimensions()) {
                key.add(text(event, dimension, query.zone()));
            }
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(event);
        }
        if (query.dimensions().isEmpty()) {
            // Without dimensions there is exactly one group (or series), even over no events.
            groups.putIfAbsent(new ArrayList<>(), new ArrayList<>());
        }
        List<Map.Entry<List<@Nullable String>, List<Event>>> ranked = new ArrayList<>(groups.entrySet());
        ranked.sort(ranking(query));
        List<Map.Entry<List<@Nullable String>, List<Event>>> top =
                ranked.subList(0, Math.min(query.limit(), ranked.size()));

        List<ReportRow> rows = new ArrayList<>();
        if (query.granularity() == null) {
            for (var group : top) {
                rows.add(new ReportRow(null, group.getKey(), values(query.metrics(), group.getValue())));
            }
        } else {
            List<Instant> starts =
                    OracleBuckets.covering(query.range().from(), query.range().to(), query.granularity(), query.zone());
            for (int bucket = 0; bucket < starts.size(); bucket++) {
                int index = bucket;
                for (var series : top) {
                    List<Event> inBucket = series.getValue().stream()
                            .filter(e -> OracleBuckets.indexOf(starts, e.timestamp()) == index)
                            .toList();
                    rows.add(new ReportRow(
                            starts.get(bucket).atZone(query.zone()).toOffsetDateTime(),
                            series.getKey(),
                            values(query.metrics(), inBucket)));
                }
            }
        }
        return new Report(query.columns(), rows, totals, QueryMeta.exactFromEvents());
    }

    /** The expected overview. */
    public Overview overview(OverviewQuery query) {
        List<Event> inRange = events.stream()
                .filter(e -> query.from() == null || !e.timestamp().isBefore(query.from()))
                .filter(e -> query.to() == null || e.timestamp().isBefore(query.to()))
                .toList();
        long lastHour = events.stream()
                .filter(e -> within(e.timestamp(), query.now().minus(Duration.ofHours(1)), query.now()))
                .count();
        return new Overview(
                inRange.size(),
                distinct(inRange, Event::userId),
                distinct(inRange, Event::sessionId),
                revenue(inRange),
                lastHour);
    }

    /** The expected page of events. */
    public EventPage events(EventPageQuery query) {
        EventCursor after = query.after();
        List<Event> remaining = events.stream()
                .filter(e -> query.from() == null || !e.timestamp().isBefore(query.from()))
                .filter(e -> query.to() == null || e.timestamp().isBefore(query.to()))
                .filter(e -> query.filters().stream().allMatch(f -> matches(e, f)))
                .filter(e -> after == null || isAfter(e, after))
                .sorted(NEWEST_FIRST)
                .toList();
        return new EventPage(
                remaining.subList(0, Math.min(query.first(), remaining.size())), remaining.size() > query.first());
    }

    /** Every event of the project that matches all filters, newest first. */
    public List<Event> newestFirst(List<Filter> filters, @Nullable Instant from, @Nullable Instant to) {
        return events(new EventPageQuery(
                        io.eventlens.core.ProjectId.DEFAULT, filters, from, to, Integer.MAX_VALUE, null))
                .events();
    }

    /** The text a dimension has in an event, as documented on {@link Dimension.Property}. */
    public static @Nullable String text(Event event, Dimension dimension) {
        return text(event, dimension, java.time.ZoneOffset.UTC);
    }

    /** The same, with custom dimensions evaluated in the report's time zone. */
    public static @Nullable String text(Event event, Dimension dimension, java.time.ZoneId zone) {
        return switch (dimension) {
            case Dimension.Column column -> column.column().valueOf(event);
            case Dimension.Property property -> jsonText(event.properties().get(property.key()));
            case io.eventlens.core.catalog.CustomDimension custom -> ExpressionOracle.text(event, custom, zone);
        };
    }

    /** Whether an event passes a filter, as documented on {@code FilterOp}. */
    public static boolean matches(Event event, Filter filter) {
        return matches(event, filter, java.time.ZoneOffset.UTC);
    }

    /** The same, with custom dimensions evaluated in the report's time zone. */
    public static boolean matches(Event event, Filter filter, java.time.ZoneId zone) {
        String text = text(event, filter.dimension(), zone);
        List<String> values = filter.values();
        return switch (filter.op()) {
            case EQ, IN -> text != null && values.contains(text);
            case NEQ, NOT_IN -> text == null || !values.contains(text);
            case CONTAINS ->
                text != null && values.stream().anyMatch(v -> lower(text).contains(lower(v)));
            case GT, GTE, LT, LTE -> {
                if (filter.dimension() instanceof io.eventlens.core.catalog.CustomDimension custom) {
                    yield ExpressionOracle.matchesNumeric(event, custom, filter, zone);
                }
                if (!(filter.dimension() instanceof Dimension.Property property)
                        || !(event.properties().get(property.key()) instanceof Number number)) {
                    yield false;
                }
                int comparison =
                        new BigDecimal(number.toString()).compareTo(new BigDecimal(Double.toString(filter.number())));
                yield switch (filter.op()) {
                    case GT -> comparison > 0;
                    case GTE -> comparison >= 0;
                    case LT -> comparison < 0;
                    default -> comparison <= 0;
                };
            }
        };
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    /** JSON strings as they are, numbers and booleans as their JSON text; null or missing is null. */
    private static @Nullable String jsonText(@Nullable Object value) {
        return switch (value) {
            case null -> null;
            case String string -> string;
            case Boolean bool -> bool.toString();
            case BigDecimal decimal -> decimal.toPlainString();
            // The dataset uses Integers and Doubles whose Java text is their JSON text (no exponent, no ".0").
            case Number number -> number.toString();
            // Engines may space JSON objects and arrays differently, so the suite only filters them with NEQ.
            case Map<?, ?> map ->
                map.entrySet().stream()
                        .map(e -> quoted(String.valueOf(e.getKey())) + ":" + jsonOrNull(e.getValue()))
                        .collect(java.util.stream.Collectors.joining(",", "{", "}"));
            case List<?> list ->
                list.stream().map(ReportOracle::jsonOrNull).collect(java.util.stream.Collectors.joining(",", "[", "]"));
            default -> throw new IllegalArgumentException("not a JSON value: " + value);
        };
    }

    private static String jsonOrNull(@Nullable Object value) {
        return value instanceof String string ? quoted(string) : String.valueOf(jsonText(value));
    }

    private static String quoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static boolean within(Instant instant, Instant from, Instant to) {
        return !instant.isBefore(from) && instant.isBefore(to);
    }

    private static boolean isAfter(Event event, EventCursor cursor) {
        int byTime = event.timestamp().compareTo(cursor.timestamp());
        return byTime < 0 || (byTime == 0 && ID_ORDER.compare(event.id(), cursor.id()) < 0);
    }

    private static List<@Nullable Double> values(List<Metric> metrics, List<Event> events) {
        List<@Nullable Double> values = new ArrayList<>();
        for (Metric metric : metrics) {
            values.add(value(metric, events));
        }
        return values;
    }

    private static @Nullable Double value(Metric metric, List<Event> events) {
        return switch (metric) {
            case BuiltInMetric builtIn ->
                switch (builtIn) {
                    case EVENTS -> Double.valueOf(events.size());
                    case UNIQUE_USERS -> Double.valueOf(distinct(events, Event::userId));
                    case SESSIONS -> Double.valueOf(distinct(events, Event::sessionId));
                    case REVENUE -> Double.valueOf(revenue(events));
                    case BOUNCE_RATE, AVG_SESSION_DURATION, PAGES_PER_SESSION -> SessionOracle.value(builtIn, events);
                };
            case io.eventlens.core.catalog.CustomMetric custom -> ExpressionOracle.value(custom, events);
        };
    }

    private static long distinct(List<Event> events, java.util.function.Function<Event, @Nullable String> field) {
        return events.stream().map(field).filter(Objects::nonNull).distinct().count();
    }

    private static double revenue(List<Event> events) {
        // Exact decimal sum, so the expectation does not depend on summation order.
        return events.stream()
                .map(Event::revenue)
                .filter(Objects::nonNull)
                .map(r -> new BigDecimal(Double.toString(r)))
                .reduce(BigDecimal.ZERO, BigDecimal::add)
                .doubleValue();
    }

    /** orderBy terms, then dimension values ascending with nulls last. */
    private static Comparator<Map.Entry<List<@Nullable String>, List<Event>>> ranking(ReportQuery query) {
        Comparator<Map.Entry<List<@Nullable String>, List<Event>>> order = (a, b) -> 0;
        for (SortKey key : query.orderBy()) {
            Comparator<Map.Entry<List<@Nullable String>, List<Event>>> term = switch (key) {
                case SortKey.ByMetric metric -> {
                    // Undefined values (a division by zero) rank last in both directions.
                    yield (a, b) -> {
                        Double x = value(query.metrics().get(metric.index()), a.getValue());
                        Double y = value(query.metrics().get(metric.index()), b.getValue());
                        if (x == null || y == null) {
                            return x == null ? (y == null ? 0 : 1) : -1;
                        }
                        return metric.descending() ? Double.compare(y, x) : Double.compare(x, y);
                    };
                }
                case SortKey.ByDimension dimension ->
                    (a, b) -> compareText(
                            a.getKey().get(dimension.index()),
                            b.getKey().get(dimension.index()),
                            dimension.descending());
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

    /** Nulls last in both directions. */
    private static int compareText(@Nullable String a, @Nullable String b, boolean descending) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        int comparison = TEXT_ORDER.compare(a, b);
        return descending ? -comparison : comparison;
    }
}
