package io.eventlens.core.storage.contract;

import io.eventlens.core.catalog.CustomDimension;
import io.eventlens.core.catalog.CustomMetric;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.event.Event;
import io.eventlens.core.expression.Condition;
import io.eventlens.core.expression.MetricExpression;
import io.eventlens.core.expression.NumberLiteral;
import io.eventlens.core.expression.ResolvedDimension;
import io.eventlens.core.expression.ResolvedMetric;
import io.eventlens.core.expression.RowExpression;
import io.eventlens.core.expression.ValueType;
import io.eventlens.core.query.Filter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates expression trees over events in plain Java, straight from the language's documented semantics
 * (docs/metrics.md, {@code RowFunction}, {@code AggregateFunction}, {@code Condition}); it shares no code with any
 * engine.
 */
final class ExpressionOracle {

    // Written out here, not taken from the engines' TextPatterns: the oracle states the rule on its own.
    private static final Pattern DECIMAL =
            Pattern.compile("[ \\t\\n\\r\\f]*[+-]?[0-9]+(\\.[0-9]+)?" + "([eE][+-]?[0-9]{1,5})?[ \\t\\n\\r\\f]*");
    private static final Pattern ABSOLUTE_URL =
            Pattern.compile("^(?:[A-Za-z][A-Za-z0-9+.-]*:)?//([^/?#]*)(.*)$", Pattern.DOTALL);

    private ExpressionOracle() {}

    static @Nullable Double value(CustomMetric metric, List<Event> events) {
        return metric(ResolvedMetric.of(metric).expression(), events);
    }

    static @Nullable String text(Event event, CustomDimension dimension, ZoneId zone) {
        ResolvedDimension resolved = ResolvedDimension.of(dimension);
        Object value = row(resolved.expression(), event, zone);
        return value == null ? null : resolved.type() == ValueType.TEXT ? (String) value : display(value);
    }

    static boolean matchesNumeric(Event event, CustomDimension dimension, Filter filter, ZoneId zone) {
        if (!(row(ResolvedDimension.of(dimension).expression(), event, zone) instanceof Double value)) {
            return false;
        }
        double operand = filter.number();
        return switch (filter.op()) {
            case GT -> value > operand;
            case GTE -> value >= operand;
            case LT -> value < operand;
            case LTE -> value <= operand;
            default -> throw new IllegalArgumentException("not numeric: " + filter.op());
        };
    }

    static @Nullable Double metric(MetricExpression expression, List<Event> events) {
        return switch (expression) {
            case NumberLiteral n -> n.value();
            case MetricExpression.Inlined i -> metric(i.definition(), events);
            case MetricExpression.Negation n -> {
                Double v = metric(n.operand(), events);
                yield v == null ? null : -v;
            }
            case MetricExpression.Arithmetic a ->
                arithmetic(a.operator(), metric(a.left(), events), metric(a.right(), events));
            case MetricExpression.Aggregate a -> aggregate(a, events);
            case MetricExpression.MetricReference r -> throw new IllegalArgumentException("unresolved " + r);
        };
    }

    private static @Nullable Double aggregate(MetricExpression.Aggregate aggregate, List<Event> events) {
        List<Event> selected = events.stream()
                .filter(e -> aggregate.filter() == null || condition(aggregate.filter(), e, ZoneId.of("UTC")))
                .toList();
        if (aggregate.argument() == null) {
            return (double) selected.size();
        }
        List<Object> values = new ArrayList<>();
        for (Event event : selected) {
            Object value = row(aggregate.argument(), event, ZoneId.of("UTC"));
            if (value != null) {
                values.add(value);
            }
        }
        List<Double> numbers = values.stream()
                .filter(Double.class::isInstance)
                .map(Double.class::cast)
                .toList();
        return switch (aggregate.function()) {
            case COUNT -> (double) selected.size();
            case UNIQ -> (double) values.stream().distinct().count();
            case SUM -> exactSum(numbers);
            case AVG -> numbers.isEmpty() ? null : exactSum(numbers) / numbers.size();
            case MIN -> numbers.stream().min(Double::compare).orElse(null);
            case MAX -> numbers.stream().max(Double::compare).orElse(null);
            case QUANTILE -> {
                if (numbers.isEmpty()) {
                    yield null;
                }
                List<Double> sorted = numbers.stream().sorted().toList();
                double h = Objects.requireNonNull(aggregate.level()) * (sorted.size() - 1);
                int i = (int) Math.floor(h);
                yield i + 1 >= sorted.size()
                        ? sorted.get(i)
                        : sorted.get(i) + (h - i) * (sorted.get(i + 1) - sorted.get(i));
            }
        };
    }

    private static double exactSum(List<Double> numbers) {
        return numbers.stream()
                .map(d -> new BigDecimal(Double.toString(d)))
                .reduce(BigDecimal.ZERO, BigDecimal::add)
                .doubleValue();
    }

    private static @Nullable Double arithmetic(
            io.eventlens.core.expression.ArithmeticOperator operator, @Nullable Double left, @Nullable Double right) {
        if (left == null || right == null) {
            return null;
        }
        double result = switch (operator) {
            case ADD -> left + right;
            case SUBTRACT -> left - right;
            case MULTIPLY -> left * right;
            case DIVIDE -> right == 0 ? Double.NaN : left / right;
        };
        return Double.isFinite(result) ? result : null;
    }

    static @Nullable Object row(RowExpression expression, Event event, ZoneId zone) {
        return switch (expression) {
            case RowExpression.ColumnRef c -> c.column().valueOf(event);
            case RowExpression.Revenue r -> event.revenue();
            case RowExpression.Timestamp t -> event.timestamp();
            case RowExpression.PropertyRef p -> event.properties().get(p.key());
            case RowExpression.TextLiteral t -> t.value();
            case NumberLiteral n -> n.value();
            case RowExpression.BooleanLiteral b -> b.value();
            case RowExpression.RowNegation n -> row(n.operand(), event, zone) instanceof Double d ? -d : null;
            case RowExpression.RowArithmetic a ->
                arithmetic(a.operator(), (Double) row(a.left(), event, zone), (Double) row(a.right(), event, zone));
            case RowExpression.Call call -> call(call, event, zone);
        };
    }

    private static @Nullable Object call(RowExpression.Call call, Event event, ZoneId zone) {
        RowExpression first = call.arguments().getFirst();
        if (call.function() == io.eventlens.core.expression.RowFunction.COALESCE) {
            for (RowExpression argument : call.arguments()) {
                Object value = row(argument, event, zone);
                if (value != null) {
                    return value;
                }
            }
            return null;
        }
        Object argument = row(first, event, zone);
        if (argument == null) {
            return null;
        }
        boolean property = first instanceof RowExpression.PropertyRef;
        return switch (call.function()) {
            case LOWER -> ((String) argument).toLowerCase(Locale.ROOT);
            case UPPER -> ((String) argument).toUpperCase(Locale.ROOT);
            case URL_HOST -> urlHost((String) argument);
            case URL_PATH -> urlPath((String) argument);
            case HOUR_OF_DAY -> (double) ((Instant) argument).atZone(zone).getHour();
            case DAY_OF_WEEK ->
                (double) ((Instant) argument).atZone(zone).getDayOfWeek().getValue();
            case NUMBER ->
                switch (argument) {
                    case Number n when property -> n.doubleValue();
                    case Double d -> d;
                    case String s
                    when !property && DECIMAL.matcher(s).matches() -> {
                        double d = Double.parseDouble(s.strip());
                        yield Double.isFinite(d) ? d : null;
                    }
                    default -> null;
                };
            case TEXT ->
                property
                        ? ReportOracle.text(event, new Dimension.Property(((RowExpression.PropertyRef) first).key()))
                        : display(argument);
            case BOOLEAN -> argument instanceof Boolean b ? b : null;
            case COALESCE -> throw new IllegalStateException("handled above");
        };
    }

    private static @Nullable String urlHost(String text) {
        var url = ABSOLUTE_URL.matcher(text);
        if (!url.matches()) {
            return null;
        }
        String authority = url.group(1);
        String host = authority.substring(authority.lastIndexOf('@') + 1);
        int colon = host.indexOf(':');
        host = colon >= 0 ? host.substring(0, colon) : host;
        return host.isEmpty() ? null : asciiLower(host);
    }

    private static @Nullable String urlPath(String text) {
        var url = ABSOLUTE_URL.matcher(text);
        String rest = url.matches() ? url.group(2) : text;
        int end = 0;
        while (end < rest.length() && rest.charAt(end) != '?' && rest.charAt(end) != '#') {
            end++;
        }
        String path = rest.substring(0, end);
        return !path.isEmpty() ? path : url.matches() ? "/" : null;
    }

    private static String asciiLower(String text) {
        StringBuilder lower = new StringBuilder(text.length());
        text.chars().forEach(c -> lower.append((char) (c >= 'A' && c <= 'Z' ? c + 32 : c)));
        return lower.toString();
    }

    /** How a number or boolean shows as text: the shortest round-trip decimal, plain for exponents -4..14. */
    static String display(Object value) {
        if (value instanceof Boolean b) {
            return b.toString();
        }
        if (value instanceof String s) {
            return s;
        }
        double d = (Double) value;
        if (d == 0) {
            return "0";
        }
        BigDecimal decimal = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exponent = decimal.precision() - decimal.scale() - 1;
        if (exponent >= -4 && exponent < 15) {
            return decimal.toPlainString();
        }
        String digits = decimal.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (d < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
    }

    static boolean condition(Condition condition, Event event, ZoneId zone) {
        return switch (condition) {
            case Condition.And a -> condition(a.left(), event, zone) && condition(a.right(), event, zone);
            case Condition.Or o -> condition(o.left(), event, zone) || condition(o.right(), event, zone);
            case Condition.Not n -> !condition(n.operand(), event, zone);
            case Condition.IsNull n -> (row(n.operand(), event, zone) == null) != n.negated();
            case Condition.Contains c ->
                row(c.text(), event, zone) instanceof String text
                        && row(c.part(), event, zone) instanceof String part
                        && text.toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT));
            case Condition.InList in -> {
                Object value = row(in.operand(), event, zone);
                boolean found =
                        value != null && in.values().stream().anyMatch(v -> Objects.equals(value, row(v, event, zone)));
                yield value == null ? in.negated() : found != in.negated();
            }
            case Condition.Comparison c -> {
                Object left = row(c.left(), event, zone);
                Object right = row(c.right(), event, zone);
                if (left == null || right == null) {
                    yield c.operator() == io.eventlens.core.expression.ComparisonOperator.NEQ;
                }
                yield switch (c.operator()) {
                    case EQ -> left.equals(right);
                    case NEQ -> !left.equals(right);
                    case LT -> (Double) left < (Double) right;
                    case LTE -> (Double) left <= (Double) right;
                    case GT -> (Double) left > (Double) right;
                    case GTE -> (Double) left >= (Double) right;
                };
            }
        };
    }
}
