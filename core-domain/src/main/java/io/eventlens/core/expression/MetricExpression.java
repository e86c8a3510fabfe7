package io.eventlens.core.expression;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A metric: aggregates over the events of one report row, combined by arithmetic. A report computes it per row
 * and, for totals, over all matching events with the same formula (a ratio of totals, not a sum of ratios).
 * Values are numbers or null (an empty {@code avg}, a division by zero); null propagates through arithmetic.
 *
 * <p>{@link ExpressionParser} yields {@link MetricReference}s; {@link ExpressionResolver} replaces every one with
 * an {@link Inlined} node, so engines only ever see {@link Aggregate}, {@link NumberLiteral}, {@link Arithmetic},
 * {@link Negation} and {@link Inlined}.
 */
public sealed interface MetricExpression
        permits MetricExpression.Aggregate,
                MetricExpression.MetricReference,
                MetricExpression.Inlined,
                NumberLiteral,
                MetricExpression.Arithmetic,
                MetricExpression.Negation {

    /**
     * An aggregate over the row's events that satisfy {@code filter}; see {@link AggregateFunction}.
     *
     * @param level the {@code p} of {@code quantile(p, x)}, between 0 and 1; null for other functions
     * @param argument the aggregated value; null for {@code count()} only
     * @param filter the {@code where} clause; null without one
     */
    record Aggregate(
            AggregateFunction function,
            @Nullable Double level,
            @Nullable RowExpression argument,
            @Nullable Condition filter)
            implements MetricExpression {
        public Aggregate {
            Objects.requireNonNull(function, "function");
            if ((function == AggregateFunction.COUNT) != (argument == null)) {
                throw new IllegalArgumentException(
                        function + (argument == null ? " needs" : " takes no") + " argument");
            }
            if ((function == AggregateFunction.QUANTILE) != (level != null)) {
                throw new IllegalArgumentException("only quantile has a level");
            }
            if (level != null && !(level >= 0 && level <= 1)) {
                throw new IllegalArgumentException("quantile level must be within [0, 1]: " + level);
            }
            level = level == null ? null : level + 0.0; // -0.0 as 0.0, as for number literals
        }

        /** An aggregate without a where clause. */
        public static Aggregate of(AggregateFunction function, @Nullable RowExpression argument) {
            return new Aggregate(function, null, argument, null);
        }
    }

    /** Another metric by name, as written; only in parsed trees, never in resolved ones. */
    record MetricReference(String name) implements MetricExpression {
        public MetricReference {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * A resolved reference: the referenced metric's own resolved tree. Built-in metrics inline as their
     * equivalent aggregate ({@code revenue} as {@code sum(revenue)}), so engines can compile every metric one
     * way; the name is kept for display and for sharing work between equal subtrees.
     */
    record Inlined(String name, MetricExpression definition) implements MetricExpression {
        public Inlined {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(definition, "definition");
        }
    }

    /** Arithmetic on two metric values; division by zero and overflow give null, see {@link ArithmeticOperator}. */
    record Arithmetic(ArithmeticOperator operator, MetricExpression left, MetricExpression right)
            implements MetricExpression {
        public Arithmetic {
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }
    }

    /** Unary minus of a metric value. */
    record Negation(MetricExpression operand) implements MetricExpression {
        public Negation {
            Objects.requireNonNull(operand, "operand");
        }
    }
}
