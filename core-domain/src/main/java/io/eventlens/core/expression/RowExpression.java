package io.eventlens.core.expression;

import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.event.EventColumn;
import java.util.List;
import java.util.Objects;

/**
 * A value computed from one event: what a custom dimension groups by, what an aggregate aggregates and what a
 * where clause compares. Trees from {@link ExpressionParser} are type-checked, and every property is wrapped in
 * the conversion its use needs ({@code sum(properties.ms)} parses as {@code sum(number(properties.ms))}).
 */
public sealed interface RowExpression
        permits RowExpression.ColumnRef,
                RowExpression.Revenue,
                RowExpression.Timestamp,
                RowExpression.PropertyRef,
                RowExpression.Literal,
                RowExpression.Call,
                RowExpression.RowArithmetic,
                RowExpression.RowNegation {

    /** One of the event's text columns, e.g. {@code country}; null where the event has none. */
    record ColumnRef(EventColumn column) implements RowExpression {
        public ColumnRef {
            Objects.requireNonNull(column, "column");
        }
    }

    /** The event's revenue, a number; null where the event has none. */
    record Revenue() implements RowExpression {}

    /** The event's timestamp; only {@code hour_of_day()} and {@code day_of_week()} take it. */
    record Timestamp() implements RowExpression {}

    /**
     * The raw JSON value of a top-level property ({@code properties.plan}); missing keys and JSON null are null.
     * Only ever the argument of a {@link RowFunction#conversion() conversion}: engines compile it together with it.
     */
    record PropertyRef(String key) implements RowExpression {
        public PropertyRef {
            if (!Catalog.isValidPropertyKey(key)) {
                throw new IllegalArgumentException("invalid property key: " + key);
            }
        }
    }

    /** A constant; engines bind its value as a parameter, never splice it into query text. */
    sealed interface Literal extends RowExpression permits TextLiteral, NumberLiteral, BooleanLiteral {}

    /** A text constant, held exactly as the user meant it (quotes unescaped). */
    record TextLiteral(String value) implements Literal {
        public TextLiteral {
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code true} or {@code false}. */
    record BooleanLiteral(boolean value) implements Literal {}

    /** A function applied to arguments; see {@link RowFunction} for each function's semantics. */
    record Call(RowFunction function, List<RowExpression> arguments) implements RowExpression {
        public Call {
            Objects.requireNonNull(function, "function");
            arguments = List.copyOf(arguments);
            if (arguments.size() < function.minArguments() || arguments.size() > function.maxArguments()) {
                throw new IllegalArgumentException(function + " with " + arguments.size() + " arguments");
            }
        }
    }

    /** Arithmetic on two numbers; division by zero and overflow give null, see {@link ArithmeticOperator}. */
    record RowArithmetic(ArithmeticOperator operator, RowExpression left, RowExpression right)
            implements RowExpression {
        public RowArithmetic {
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }
    }

    /** Unary minus of a number. */
    record RowNegation(RowExpression operand) implements RowExpression {
        public RowNegation {
            Objects.requireNonNull(operand, "operand");
        }
    }
}
