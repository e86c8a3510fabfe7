package io.eventlens.postgres;

import static io.eventlens.core.expression.TextPatterns.ABSOLUTE_URL;
import static io.eventlens.core.expression.TextPatterns.DECIMAL;

import io.eventlens.core.expression.ArithmeticOperator;
import io.eventlens.core.expression.ComparisonOperator;
import io.eventlens.core.expression.Condition;
import io.eventlens.core.expression.MetricExpression;
import io.eventlens.core.expression.NumberLiteral;
import io.eventlens.core.expression.RowExpression;
import io.eventlens.core.expression.RowFunction;
import io.eventlens.core.expression.ValueType;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Compiles expression trees into SQL over {@code events e}. SQL text comes only from constants here; every literal
 * and property key is a bind parameter. Numbers compute in {@code numeric} (no overflow errors; out-of-range results
 * become null through {@code eventlens_float8}/{@code eventlens_number}), conditions are two-valued
 * ({@code coalesce(..., false)}), and properties are read with the {@code jsonb_typeof} guard FilterCompiler uses.
 */
final class PostgresExpressionCompiler {

    private final SqlParameters p;
    private final ZoneId zone;

    PostgresExpressionCompiler(SqlParameters parameters, ZoneId zone) {
        this.p = parameters;
        this.zone = zone;
    }

    /** A metric as a double precision aggregate expression; null where the language says null. */
    String metricValue(MetricExpression expression) {
        return "eventlens_float8(" + metric(expression) + ")";
    }

    /** A dimension as reports show it: text, numbers and booleans as their text. */
    String dimensionText(RowExpression expression, ValueType type) {
        return switch (type) {
            case TEXT -> row(expression);
            case NUMBER -> "(eventlens_float8(" + row(expression) + ")::text)";
            case BOOLEAN -> "(" + row(expression) + ")::text";
            case TIME, JSON -> throw new IllegalArgumentException("not a dimension type: " + type);
        };
    }

    /** A number-typed row expression as numeric, e.g. for a numeric filter. */
    String number(RowExpression expression) {
        return row(expression);
    }

    private String metric(MetricExpression expression) {
        return switch (expression) {
            case NumberLiteral n -> numberLiteral(n.value());
            case MetricExpression.Inlined i -> metric(i.definition());
            case MetricExpression.Negation n -> "(- " + metric(n.operand()) + ")";
            case MetricExpression.Arithmetic a -> arithmetic(a.operator(), metric(a.left()), metric(a.right()));
            case MetricExpression.Aggregate a -> aggregate(a);
            case MetricExpression.MetricReference r ->
                throw new IllegalArgumentException("unresolved metric reference: " + r.name());
        };
    }

    private String aggregate(MetricExpression.Aggregate aggregate) {
        String filter = aggregate.filter() == null ? "" : " FILTER (WHERE " + condition(aggregate.filter()) + ")";
        RowExpression argument = aggregate.argument();
        String x = argument == null ? "" : row(argument);
        return switch (aggregate.function()) {
            case COUNT -> "(count(*)" + filter + ")::numeric";
            case UNIQ -> "(count(DISTINCT " + x + ")" + filter + ")::numeric";
            case SUM -> "coalesce(sum(" + x + ")" + filter + ", 0)";
            case AVG -> "(avg(" + x + ")" + filter + ")";
            case MIN -> "(min(" + x + ")" + filter + ")";
            case MAX -> "(max(" + x + ")" + filter + ")";
            case QUANTILE ->
                "((percentile_cont(" + p.number(BigDecimal.valueOf(Objects.requireNonNull(aggregate.level())))
                        + "::float8) WITHIN GROUP (ORDER BY eventlens_float8(" + x + "))" + filter
                        + ")::numeric)";
        };
    }

    private static String arithmetic(ArithmeticOperator operator, String left, String right) {
        return switch (operator) {
            case ADD -> "(" + left + " + " + right + ")";
            case SUBTRACT -> "(" + left + " - " + right + ")";
            case MULTIPLY -> "(" + left + " * " + right + ")";
            // Division by zero is null, not an error.
            case DIVIDE -> "(" + left + " / nullif(" + right + ", 0))";
        };
    }

    private String numberLiteral(double value) {
        return p.number(new BigDecimal(Double.toString(value)));
    }

    private String row(RowExpression expression) {
        return switch (expression) {
            case RowExpression.ColumnRef c -> EventColumns.column(c.column());
            case RowExpression.Revenue r -> "(e.revenue::numeric)";
            case RowExpression.Timestamp t -> "e.ts";
            case RowExpression.PropertyRef ref ->
                throw new IllegalArgumentException("a property compiles with its conversion: " + ref.key());
            case RowExpression.TextLiteral t -> p.text(t.value());
            case NumberLiteral n -> numberLiteral(n.value());
            case RowExpression.BooleanLiteral b -> b.value() ? "true" : "false";
            case RowExpression.RowNegation n -> "(- " + row(n.operand()) + ")";
            case RowExpression.RowArithmetic a ->
                "eventlens_number(" + arithmetic(a.operator(), row(a.left()), row(a.right())) + ")";
            case RowExpression.Call call -> call(call);
        };
    }

    private String call(RowExpression.Call call) {
        List<RowExpression> arguments = call.arguments();
        RowExpression first = arguments.getFirst();
        if (call.function().conversion() && first instanceof RowExpression.PropertyRef property) {
            // A READY promoted column holds exactly the JSON's text, or its number (null for anything else).
            var promoted = switch (call.function()) {
                case TEXT -> p.promoted().text(property.key());
                case NUMBER -> p.promoted().number(property.key()).map(column -> "eventlens_number(" + column + ")");
                default -> java.util.Optional.<String>empty();
            };
            if (promoted.isPresent()) {
                return "(" + promoted.get() + ")";
            }
            return property(call.function(), p.text(property.key()));
        }
        return switch (call.function()) {
            case LOWER -> "lower(" + row(first) + ")";
            case UPPER -> "upper(" + row(first) + ")";
            case COALESCE -> arguments.stream().map(this::row).collect(Collectors.joining(", ", "coalesce(", ")"));
            case URL_HOST -> urlHost(row(first));
            case URL_PATH -> urlPath(row(first));
            case HOUR_OF_DAY ->
                "(extract(hour FROM " + row(first) + " AT TIME ZONE " + p.text(zone.getId()) + ")::numeric)";
            case DAY_OF_WEEK ->
                "(extract(isodow FROM " + row(first) + " AT TIME ZONE " + p.text(zone.getId()) + ")::numeric)";
            case NUMBER -> numberOf(first);
            case TEXT -> textOf(first);
            case BOOLEAN -> row(first);
        };
    }

    /** A property's JSON value converted as the language says; CASE guarantees casts never see another type. */
    private static String property(RowFunction conversion, String key) {
        String json = "(e.properties -> " + key + ")";
        String text = "(e.properties ->> " + key + ")";
        return switch (conversion) {
            case NUMBER ->
                "(CASE WHEN jsonb_typeof(" + json + ") = 'number' THEN eventlens_number(" + text + "::numeric) END)";
            case TEXT -> text;
            case BOOLEAN -> "(CASE WHEN jsonb_typeof(" + json + ") = 'boolean' THEN " + text + "::boolean END)";
            default -> throw new IllegalArgumentException("not a conversion: " + conversion);
        };
    }

    private String numberOf(RowExpression argument) {
        String value = row(argument);
        if (typeOf(argument) != ValueType.TEXT) {
            return value;
        }
        // Only text the language accepts reaches the cast; the short exponent keeps it inside numeric's range.
        return "(CASE WHEN " + value + " ~ '" + DECIMAL + "' THEN eventlens_number(btrim(" + value
                + ", E' \\t\\n\\r\\f')::numeric) END)";
    }

    private String textOf(RowExpression argument) {
        String value = row(argument);
        return switch (typeOf(argument)) {
            case NUMBER -> "(eventlens_float8(" + value + ")::text)";
            case BOOLEAN -> "((" + value + ")::text)";
            default -> value;
        };
    }

    private static String urlHost(String text) {
        // scheme://user@HOST:port/... -> host in ASCII lower case; null when there is no host.
        return "nullif(translate(substring(" + text + " FROM '" + ABSOLUTE_URL
                + "(?:[^/?#]*@)?([^/?#:@]*)'), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), '')";
    }

    private static String urlPath(String text) {
        return "(CASE WHEN " + text + " ~ '" + ABSOLUTE_URL + "' THEN coalesce(nullif(substring(" + text
                + " FROM '" + ABSOLUTE_URL + "[^/?#]*([^?#]*)'), ''), '/') ELSE nullif(substring(" + text
                + " FROM '^([^?#]*)'), '') END)";
    }

    String condition(Condition condition) {
        return switch (condition) {
            case Condition.And a -> "(" + condition(a.left()) + " AND " + condition(a.right()) + ")";
            case Condition.Or o -> "(" + condition(o.left()) + " OR " + condition(o.right()) + ")";
            case Condition.Not n -> "(NOT " + condition(n.operand()) + ")";
            case Condition.IsNull n -> "(" + row(n.operand()) + (n.negated() ? " IS NOT NULL)" : " IS NULL)");
            case Condition.Contains c ->
                "coalesce(strpos(lower(" + row(c.text()) + "), lower(" + row(c.part()) + ")) > 0, false)";
            case Condition.InList in -> {
                String found = "coalesce(" + row(in.operand()) + " IN ("
                        + in.values().stream().map(this::row).collect(Collectors.joining(", ")) + "), false)";
                yield in.negated() ? "(NOT " + found + ")" : found;
            }
            case Condition.Comparison c -> {
                // != is "not =", so it matches a null side, like the NEQ filter.
                if (c.operator() == ComparisonOperator.NEQ) {
                    yield "(NOT coalesce(" + row(c.left()) + " = " + row(c.right()) + ", false))";
                }
                String operator = switch (c.operator()) {
                    case EQ -> "=";
                    case LT -> "<";
                    case LTE -> "<=";
                    case GT -> ">";
                    case GTE -> ">=";
                    case NEQ -> throw new IllegalStateException("handled above");
                };
                yield "coalesce(" + row(c.left()) + " " + operator + " " + row(c.right()) + ", false)";
            }
        };
    }

    /** The type of a checked tree's node, as the parser typed it. */
    private static ValueType typeOf(RowExpression expression) {
        return switch (expression) {
            case RowExpression.ColumnRef c -> ValueType.TEXT;
            case RowExpression.Revenue r -> ValueType.NUMBER;
            case RowExpression.Timestamp t -> ValueType.TIME;
            case RowExpression.PropertyRef ref -> ValueType.JSON;
            case RowExpression.TextLiteral t -> ValueType.TEXT;
            case NumberLiteral n -> ValueType.NUMBER;
            case RowExpression.BooleanLiteral b -> ValueType.BOOLEAN;
            case RowExpression.RowNegation n -> ValueType.NUMBER;
            case RowExpression.RowArithmetic a -> ValueType.NUMBER;
            case RowExpression.Call call ->
                switch (call.function()) {
                    case LOWER, UPPER, URL_HOST, URL_PATH, TEXT -> ValueType.TEXT;
                    case HOUR_OF_DAY, DAY_OF_WEEK, NUMBER -> ValueType.NUMBER;
                    case BOOLEAN -> ValueType.BOOLEAN;
                    case COALESCE -> typeOf(call.arguments().getFirst());
                };
        };
    }
}
