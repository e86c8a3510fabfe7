package io.eventlens.app.graphql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The test's own model of the report semantics: computes metrics and rows from the events a test sent, without any
 * of the product's code, and renders rows as text so whole reports compare in one readable assertion.
 */
final class Expected {

    private Expected() {}

    static double metric(String name, List<SentEvent> events) {
        return switch (name) {
            case "events" -> events.size();
            case "uniqueUsers" ->
                events.stream()
                        .map(SentEvent::userId)
                        .filter(Objects::nonNull)
                        .distinct()
                        .count();
            case "sessions" ->
                events.stream()
                        .map(SentEvent::sessionId)
                        .filter(Objects::nonNull)
                        .distinct()
                        .count();
            case "revenue" ->
                events.stream()
                        .map(SentEvent::revenue)
                        .filter(Objects::nonNull)
                        .mapToDouble(Double::doubleValue)
                        .sum();
            default -> throw new IllegalArgumentException(name);
        };
    }

    static List<Double> metrics(List<String> names, List<SentEvent> events) {
        return names.stream().map(name -> metric(name, events)).toList();
    }

    static List<SentEvent> where(List<SentEvent> events, Predicate<SentEvent> filter) {
        return events.stream().filter(filter).toList();
    }

    /** Groups by the dimensions, in first-seen order; keys may hold nulls. */
    static Map<List<@Nullable String>, List<SentEvent>> groups(List<SentEvent> events, List<String> dimensions) {
        return events.stream()
                .collect(Collectors.groupingBy(
                        e -> Arrays.asList(dimensions.stream().map(e::dimension).toArray(String[]::new)),
                        LinkedHashMap::new,
                        Collectors.toList()));
    }

    /** Dimension tuples ascending, missing values last. */
    static Comparator<List<@Nullable String>> tupleOrder() {
        return (a, b) -> {
            for (int i = 0; i < a.size(); i++) {
                int c = Comparator.<String>nullsLast(Comparator.naturalOrder()).compare(a.get(i), b.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
    }

    /** Rows of a report without granularity, ordered by one metric then by tuple, as text. */
    static List<String> rows(
            List<SentEvent> events,
            List<String> dimensions,
            List<String> metrics,
            int orderMetric,
            boolean descending,
            int limit) {
        Map<List<@Nullable String>, List<SentEvent>> groups = groups(events, dimensions);
        Comparator<Map.Entry<List<@Nullable String>, List<SentEvent>>> byMetric =
                Comparator.comparingDouble(entry -> metric(metrics.get(orderMetric), entry.getValue()));
        Comparator<Map.Entry<List<@Nullable String>, List<SentEvent>>> order =
                (descending ? byMetric.reversed() : byMetric).thenComparing(Map.Entry::getKey, tupleOrder());
        return groups.entrySet().stream()
                .sorted(order)
                .limit(limit)
                .map(entry -> row(null, entry.getKey(), metrics(metrics, entry.getValue())))
                .toList();
    }

    /** One row as text, values rounded so sums added in another order still compare equal. */
    static String row(@Nullable Object bucket, List<@Nullable String> dimensions, List<@Nullable Double> values) {
        List<String> rounded = new ArrayList<>();
        for (Double value : values) {
            rounded.add(value == null ? "null" : String.format("%.6f", value));
        }
        return (bucket == null ? "" : bucket + " ") + dimensions + " " + rounded;
    }
}
