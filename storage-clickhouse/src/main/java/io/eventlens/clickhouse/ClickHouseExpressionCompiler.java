package io.eventlens.clickhouse;

import static io.eventlens.core.expression.TextPatterns.ABSOLUTE_URL;
import static io.eventlens.core.expression.TextPatterns.DECIMAL;

import io.eventlens.core.expression.ArithmeticOperator;
import io.eventlens.core.expression.ComparisonOperator;
import io.eventlens.core.expression.Condition;
import io.eventlens.core.expression.MetricExpression;
import io.eventlens.core.expression.NumberLiteral;
import io.eventlens.core.expression.RowExpression;
import io.eventlens.core.expression.ValueType;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Compiles expression trees into ClickHouse SQL over {@code e}. Numbers are Float64 and every arithmetic result that
 * is not finite becomes NULL ({@code ifNotFinite}), conditions are two-valued ({@code ifNull(..., 0)}), and
 * aggregates that the language defines as null over nothing check their input count. Literals, property keys and
 * regular expressions are parameters (the driver's scanner would read a {@code ?} in SQL text as a placeholder).
 */
final class ClickHouseExpressionCompiler {

    private final SqlParameters p;
    private final ZoneId zone;

    ClickHouseExpressionCompiler(SqlParameters parameters, ZoneId zone) {
        this.p = parameters;
        this.zone = zone;
    }

    /** A metric as a Nullable(Float64) aggregate expression. */
    String metricValue(MetricExpression expression) {
        return finite(metric(expression));
    }

    /** A dimension as reports show it: text, numbers and booleans as their text. */
    String dimensionText(RowExpression expression, ValueType type) {
        return switch (type) {
            case TEXT -> row(expression);
            case NUMBER -> numberText(row(expression));
            case BOOLEAN -> booleanText(row(expression));
            case TIME, JSON -> throw new IllegalArgumentException("not a dimension type: " + type);
        };
    }

    /** A number-typed row expression, e.g. for a numeric filter. */
    String number(RowExpression expression) {
        return row(expression);
    }

    private static String finite(String number) {
        return "ifNotFinite(toFloat64(" + number + "), NULL)";
    }

    private String metric(MetricExpression expression) {
        return switch (expression) {
            case NumberLiteral n -> p.number(n.value());
            case MetricExpression.Inlined i -> metric(i.definition());
            case MetricExpression.Negation n -> "(- " + metric(n.operand()) + ")";
            case MetricExpression.Arithmetic a -> finite(arithmetic(a.operator(), metric(a.left()), metric(a.right())));
            case MetricExpression.Aggregate a -> aggregate(a);
            case MetricExpression.MetricReference r ->
                throw new IllegalArgumentException("unresolved metric reference: " + r.name());
        };
    }

    private String aggregate(MetricExpression.Aggregate aggregate) {
        String filter = aggregate.filter() == null ? "1" : condition(aggregate.filter());
        RowExpression argument = aggregate.argument();
        if (argument == null) {
            return "toFloat64(countIf(" + filter + "))";
        }
        String x = row(argument);
        // Null arguments never count; the aggregates the language defines as null over nothing check this count.
        String present = "countIf(isNotNull(" + x + ") AND " + filter + ")";
        return switch (aggregate.function()) {
            case COUNT -> "toFloat64(countIf(" + filter + "))";
            case UNIQ -> "toFloat64(uniqExactIf(" + x + ", isNotNull(" + x + ") AND " + filter + "))";
            case SUM -> "toFloat64(ifNull(sumKahanIf(toFloat64(" + x + "), " + filter + "), 0))";
            case AVG ->
                "if(" + present + " = 0, NULL, sumKahanIf(toFloat64(" + x + "), " + filter + ") / " + present + ")";
            case MIN -> "if(" + present + " = 0, NULL, minIf(toFloat64(" + x + "), " + filter + "))";
            case MAX -> "if(" + present + " = 0, NULL, maxIf(toFloat64(" + x + "), " + filter + "))";
            // Linear interpolation between closest ranks, as percentile_cont and the language define it.
            case QUANTILE ->
                "if(" + present + " = 0, NULL, quantileExactInclusiveIf("
                        + Double.toString(Objects.requireNonNull(aggregate.level())) + ")(toFloat64(" + x + "), "
                        + filter + "))";
        };
    }

    private static String arithmetic(ArithmeticOperator operator, String left, String right) {
        return switch (operator) {
            case ADD -> "(" + left + " + " + right + ")";
            case SUBTRACT -> "(" + left + " - " + right + ")";
            case MULTIPLY -> "(" + left + " * " + right + ")";
            // x / 0 is inf or nan, which finite() turns into NULL.
            case DIVIDE -> "(" + left + " / " + right + ")";
        };
    }

    private String row(RowExpression expression) {
        return switch (expression) {
            case RowExpression.ColumnRef c -> EventColumns.column(c.column());
            case RowExpression.Revenue r -> "e.revenue";
            case RowExpression.Timestamp t -> "e.ts";
            case RowExpression.PropertyRef ref ->
                throw new IllegalArgumentException("a property compiles with its conversion: " + ref.key());
            case RowExpression.TextLiteral t -> p.text(t.value());
            case NumberLiteral n -> p.number(n.value());
            case RowExpression.BooleanLiteral b -> b.value() ? "true" : "false";
            case RowExpression.RowNegation n -> "(- " + row(n.operand()) + ")";
            case RowExpression.RowArithmetic a -> finite(arithmetic(a.operator(), row(a.left()), row(a.right())));
            case RowExpression.Call call -> call(call);
        };
    }

    private String call(RowExpression.Call call) {
        List<RowExpression> arguments = call.arguments();
        RowExpression first = arguments.getFirst();
        if (call.function().conversion() && first instanceof RowExpression.PropertyRef property) {
            return switch (call.function()) {
                case NUMBER -> EventColumns.propertyNumber(property.key(), p);
                case TEXT -> EventColumns.propertyText(property.key(), p);
                case BOOLEAN -> EventColumns.propertyBoolean(property.key(), p);
                default -> throw new IllegalArgumentException("not a conversion: " + call.function());
            };
        }
        return switch (call.function()) {
            case LOWER -> CaseMapping.lower(row(first), p);
            case UPPER -> CaseMapping.upper(row(first), p);
            case COALESCE -> arguments.stream().map(this::row).collect(Collectors.joining(", ", "coalesce(", ")"));
            case URL_HOST -> urlHost(row(first));
            case URL_PATH -> urlPath(row(first));
            case HOUR_OF_DAY -> "toFloat64(toHour(" + row(first) + ", " + p.zone(zone) + "))";
            case DAY_OF_WEEK -> "toFloat64(toDayOfWeek(" + row(first) + ", 0, " + p.zone(zone) + "))";
            case NUMBER -> numberOf(first);
            case TEXT -> textOf(first);
            case BOOLEAN -> row(first);
        };
    }

    private String numberOf(RowExpression argument) {
        String value = row(argument);
        if (typeOf(argument) != ValueType.TEXT) {
            return value;
        }
        // Only text the language accepts is parsed; a result beyond Float64 becomes NULL.
        return "if(ifNull(match(" + value + ", " + p.text(DECIMAL) + "), 0), "
                + finite("toFloat64OrNull(trimBoth(" + "replaceRegexpAll(" + value + ", " + p.text("[\\t\\n\\r\\f]")
                        + ", ' ')))")
                + ", NULL)";
    }

    private String textOf(RowExpression argument) {
        String value = row(argument);
        return switch (typeOf(argument)) {
            case NUMBER -> numberText(value);
            case BOOLEAN -> booleanText(value);
            default -> value;
        };
    }

    /** A number as the language shows it: the shortest round-trip decimal ({@code toString} of a Float64). */
    private static String numberText(String number) {
        return "if(isNull(" + number + "), NULL, if(" + number + " = 0, '0', toString(toFloat64(" + number + "))))";
    }

    private static String booleanText(String value) {
        return "if(isNull(" + value + "), NULL, if(" + value + ", 'true', 'false'))";
    }

    private String urlHost(String text) {
        // scheme://user@HOST:port/... -> host in ASCII lower case; NULL when there is no host.
        return "nullIf(lower(extract(" + text + ", " + p.text(ABSOLUTE_URL + "(?:[^/?#]*@)?([^/?#:@]*)") + ")), '')";
    }

    private String urlPath(String text) {
        return "if(isNull(" + text + "), NULL, if(match(" + text + ", " + p.text(ABSOLUTE_URL) + "), "
                + "if(extract(" + text + ", " + p.text(ABSOLUTE_URL + "[^/?#]*([^?#]*)") + ") = '', '/', extract("
                + text + ", " + p.text(ABSOLUTE_URL + "[^/?#]*([^?#]*)") + ")), nullIf(extract(" + text + ", "
                + p.text("^([^?#]*)") + "), '')))";
    }

    String condition(Condition condition) {
        return switch (condition) {
            case Condition.And a -> "(" + condition(a.left()) + " AND " + condition(a.right()) + ")";
            case Condition.Or o -> "(" + condition(o.left()) + " OR " + condition(o.right()) + ")";
            case Condition.Not n -> "(NOT " + condition(n.operand()) + ")";
            case Condition.IsNull n -> "(" + row(n.operand()) + (n.negated() ? " IS NOT NULL)" : " IS NULL)");
            case Condition.Contains c -> CaseMapping.contains(row(c.text()), row(c.part()), p);
            case Condition.InList in -> {
                String operand = row(in.operand());
                String found = in.values().stream()
                        .map(v -> "ifNull(" + operand + " = " + row(v) + ", 0)")
                        .collect(Collectors.joining(" OR ", "(", ")"));
                yield in.negated() ? "(NOT " + found + ")" : found;
            }
            case Condition.Comparison c -> {
                // != is "not =", so it matches a null side, like the NEQ filter.
                if (c.operator() == ComparisonOperator.NEQ) {
                    yield "(NOT ifNull(" + row(c.left()) + " = " + row(c.right()) + ", 0))";
                }
                String operator = switch (c.operator()) {
                    case EQ -> "=";
                    case LT -> "<";
                    case LTE -> "<=";
                    case GT -> ">";
                    case GTE -> ">=";
                    case NEQ -> throw new IllegalStateException("handled above");
                };
                yield "ifNull(" + row(c.left()) + " " + operator + " " + row(c.right()) + ", 0)";
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
