package io.eventlens.core.expression;

import io.eventlens.core.event.EventColumn;
import java.util.List;

/**
 * Walks a resolved, type-checked expression tree once and asks an engine for the text of each node: the walk, the
 * typing of nodes and the meaning of conversions are the language's and the same for every engine; only the hooks
 * (an engine's dialect) differ. Every engine compiles expressions by extending this class.
 *
 * @param <T> what an engine makes of a node, e.g. a piece of SQL text
 */
public abstract class ExpressionWalker<T> {

    /** A metric: aggregates combined by arithmetic. */
    public final T metric(MetricExpression expression) {
        return switch (expression) {
            case NumberLiteral n -> number(n.value());
            case MetricExpression.Inlined i -> metric(i.definition());
            case MetricExpression.Negation n -> negation(metric(n.operand()));
            case MetricExpression.Arithmetic a -> metricArithmetic(a.operator(), metric(a.left()), metric(a.right()));
            case MetricExpression.Aggregate a -> aggregate(a);
            case MetricExpression.MetricReference r ->
                throw new IllegalArgumentException("unresolved metric reference: " + r.name());
        };
    }

    /** A value of one event. */
    public final T row(RowExpression expression) {
        return switch (expression) {
            case RowExpression.ColumnRef c -> column(c.column());
            case RowExpression.Revenue r -> revenue();
            case RowExpression.Timestamp t -> timestamp();
            case RowExpression.PropertyRef ref ->
                throw new IllegalArgumentException("a property compiles with its conversion: " + ref.key());
            case RowExpression.TextLiteral t -> text(t.value());
            case NumberLiteral n -> number(n.value());
            case RowExpression.BooleanLiteral b -> bool(b.value());
            case RowExpression.RowNegation n -> negation(row(n.operand()));
            case RowExpression.RowArithmetic a -> rowArithmetic(a.operator(), row(a.left()), row(a.right()));
            case RowExpression.Call call -> call(call);
        };
    }

    /** A dimension as reports show it: text, and numbers and booleans as their text ({@code text(x)}). */
    public final T dimensionText(RowExpression expression, ValueType type) {
        return switch (type) {
            case TEXT -> row(expression);
            case NUMBER -> numberText(row(expression));
            case BOOLEAN -> booleanText(row(expression));
            case TIME, JSON -> throw new IllegalArgumentException("not a dimension type: " + type);
        };
    }

    /** A where clause, true or false, never unknown (see {@link Condition}). */
    public final T condition(Condition condition) {
        return switch (condition) {
            case Condition.And a -> and(condition(a.left()), condition(a.right()));
            case Condition.Or o -> or(condition(o.left()), condition(o.right()));
            case Condition.Not n -> not(condition(n.operand()));
            case Condition.IsNull n -> isNull(row(n.operand()), n.negated());
            case Condition.Contains c -> contains(row(c.text()), row(c.part()));
            case Condition.InList in -> {
                T found = in(
                        row(in.operand()), in.values().stream().map(this::row).toList());
                yield in.negated() ? not(found) : found;
            }
            // != is "not =", so it matches a null side, like the NEQ filter.
            case Condition.Comparison c ->
                c.operator() == ComparisonOperator.NEQ
                        ? not(comparison(ComparisonOperator.EQ, row(c.left()), row(c.right())))
                        : comparison(c.operator(), row(c.left()), row(c.right()));
        };
    }

    private T call(RowExpression.Call call) {
        List<RowExpression> arguments = call.arguments();
        RowExpression first = arguments.getFirst();
        if (call.function().conversion() && first instanceof RowExpression.PropertyRef property) {
            return property(call.function(), property.key());
        }
        return switch (call.function()) {
            case LOWER -> lower(row(first));
            case UPPER -> upper(row(first));
            case COALESCE -> coalesce(arguments.stream().map(this::row).toList());
            case URL_HOST -> urlHost(row(first));
            case URL_PATH -> urlPath(row(first));
            case HOUR_OF_DAY -> hourOfDay(row(first));
            case DAY_OF_WEEK -> dayOfWeek(row(first));
            case NUMBER -> typeOf(first) == ValueType.TEXT ? parseNumber(row(first)) : row(first);
            case TEXT ->
                switch (typeOf(first)) {
                    case NUMBER -> numberText(row(first));
                    case BOOLEAN -> booleanText(row(first));
                    default -> row(first);
                };
            case BOOLEAN -> row(first);
        };
    }

    /** The type of a checked tree's node, as the parser typed it. */
    public static ValueType typeOf(RowExpression expression) {
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

    // Metrics.

    /** A number literal, in metrics and rows alike; engines bind it. */
    protected abstract T number(double value);

    /** Unary minus, in metrics and rows alike. */
    protected abstract T negation(T operand);

    /** Arithmetic on two metric values; null for division by zero and any result that is not finite. */
    protected abstract T metricArithmetic(ArithmeticOperator operator, T left, T right);

    /** An aggregate; its argument and filter compile through {@link #row} and {@link #condition}. */
    protected abstract T aggregate(MetricExpression.Aggregate aggregate);

    // Values of one event.

    protected abstract T column(EventColumn column);

    protected abstract T revenue();

    protected abstract T timestamp();

    /** A text literal; engines bind it. */
    protected abstract T text(String value);

    protected abstract T bool(boolean value);

    /** Arithmetic on two row values; null for division by zero and any result that is not finite. */
    protected abstract T rowArithmetic(ArithmeticOperator operator, T left, T right);

    /** A property's JSON value through a {@link RowFunction#conversion() conversion}. */
    protected abstract T property(RowFunction conversion, String key);

    protected abstract T lower(T text);

    protected abstract T upper(T text);

    protected abstract T coalesce(List<T> values);

    protected abstract T urlHost(T text);

    protected abstract T urlPath(T text);

    /** The hour of a timestamp in the report's time zone, a number. */
    protected abstract T hourOfDay(T timestamp);

    /** The ISO day of week of a timestamp in the report's time zone, a number. */
    protected abstract T dayOfWeek(T timestamp);

    /** Text parsed as the language's decimal ({@link TextPatterns#DECIMAL}), null if it is none or out of range. */
    protected abstract T parseNumber(T text);

    /** A number as its text, as {@code text(x)} defines it. */
    protected abstract T numberText(T number);

    /** {@code true} or {@code false} as text, null for null. */
    protected abstract T booleanText(T value);

    // Conditions.

    protected abstract T and(T left, T right);

    protected abstract T or(T left, T right);

    protected abstract T not(T operand);

    protected abstract T isNull(T operand, boolean negated);

    /** Whether {@code part} occurs in {@code text} ignoring case; false when either is null. */
    protected abstract T contains(T text, T part);

    /** Whether a non-null operand equals one of the values; false for null. */
    protected abstract T in(T operand, List<T> values);

    /** {@code left op right}, false when a side is null; never called with {@code NEQ}. */
    protected abstract T comparison(ComparisonOperator operator, T left, T right);
}
