package io.eventlens.realtime;

import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.Filter;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Decides in memory whether an event passes a report's filters, with the semantics of {@code FilterOp} that the
 * storage engines implement in SQL: live views test fresh events without asking the database.
 */
record EventMatcher(List<Filter> filters) {

    static final EventMatcher ALL = new EventMatcher(List.of());

    EventMatcher {
        filters = List.copyOf(filters);
    }

    boolean matches(Event event) {
        for (Filter filter : filters) {
            if (!matches(filter, event)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(Filter filter, Event event) {
        if (filter.op().numeric()) {
            // Only a JSON number compares; text that looks like one does not (as in the SQL engines).
            if (!(filter.dimension() instanceof Dimension.Property(String key))
                    || !(event.properties().get(key) instanceof Number number)) {
                return false;
            }
            double value = number.doubleValue();
            double operand = filter.number();
            return switch (filter.op()) {
                case GT -> value > operand;
                case GTE -> value >= operand;
                case LT -> value < operand;
                case LTE -> value <= operand;
                default -> throw new IllegalStateException("not numeric: " + filter.op());
            };
        }
        String text = text(filter.dimension(), event);
        return switch (filter.op()) {
            case EQ, IN -> text != null && filter.values().contains(text);
            case NEQ, NOT_IN -> text == null || !filter.values().contains(text);
            case CONTAINS ->
                text != null
                        && filter.values().stream()
                                .anyMatch(value ->
                                        text.toLowerCase(Locale.ROOT).contains(value.toLowerCase(Locale.ROOT)));
            case GT, GTE, LT, LTE -> throw new IllegalStateException("numeric: " + filter.op());
        };
    }

    /** The dimension's text value as reports see it; null where the event has none. */
    static @Nullable String text(Dimension dimension, Event event) {
        return switch (dimension) {
            case Dimension.Column(var column) -> column.valueOf(event);
            case Dimension.Property(String key) -> jsonText(event.properties().get(key));
            // Subscriptions resolve names against the built-in catalog, so custom dimensions never reach here.
            case io.eventlens.core.catalog.CustomDimension custom ->
                throw new IllegalArgumentException(
                        "custom dimension '" + custom.publicName() + "' is not supported in live subscriptions yet");
        };
    }

    /** A JSON value's text as PostgreSQL's {@code ->>} writes it: strings as they are, numbers in plain notation. */
    private static @Nullable String jsonText(@Nullable Object value) {
        return switch (value) {
            case null -> null;
            case String s -> s;
            case Double d -> BigDecimal.valueOf(d).toPlainString();
            case Float f -> BigDecimal.valueOf(f.doubleValue()).toPlainString();
            case BigDecimal b -> b.toPlainString();
            case Number n -> n.toString();
            case Boolean b -> b.toString();
            case List<?> list ->
                list.stream().map(EventMatcher::jsonLiteral).collect(Collectors.joining(", ", "[", "]"));
            case Map<?, ?> map ->
                map.entrySet().stream()
                        .map(e -> jsonLiteral(String.valueOf(e.getKey())) + ": " + jsonLiteral(e.getValue()))
                        .collect(Collectors.joining(", ", "{", "}"));
            default -> value.toString();
        };
    }

    private static String jsonLiteral(@Nullable Object value) {
        if (value instanceof String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        String text = jsonText(value);
        return text == null ? "null" : text;
    }
}
